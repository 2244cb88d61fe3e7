/**
 * Tests of what ships beside the code: template.yaml, the events in events/ and their expected
 * responses, the GitHub workflows and Dependabot. Parameters and results are non-null unless marked.
 */
package dev.tollgate.deploy;
