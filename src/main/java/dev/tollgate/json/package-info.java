/**
 * Jackson trees and writing from the streaming parser and generator alone (no {@code ObjectMapper}).
 *
 * <p>Parameters and return values are non-null unless their Javadoc says otherwise.
 */
package dev.tollgate.json;
