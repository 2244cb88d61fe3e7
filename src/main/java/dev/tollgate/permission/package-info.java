/**
 * Permissions: what a principal may call, the port to where permissions live, and its cache. No AWS
 * type.
 */
package dev.tollgate.permission;
