/**
 * Jackson trees and writing from the streaming parser and generator alone (no {@code ObjectMapper}).
 */
package dev.tollgate.json;
