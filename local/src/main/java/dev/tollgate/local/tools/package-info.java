/**
 * Developer tools run by {@code ./tollgate}: development tokens ({@code mint}, {@code mint-events},
 * signed with the LOCAL-ONLY key in {@code events/dev/}) and the build-time generators of the
 * function's SnapStart resources ({@code class-list}, {@code priming-material}), which write into
 * the root's {@code src/main/resources}. Never part of the deployment artifact. Parameters and
 * results are non-null unless marked.
 */
package dev.tollgate.local.tools;
