/**
 * {@code proxy ide vscode|goland}: debugger configurations for a route (VS Code {@code launch.json}
 * attach entries, GoLand "Go Remote" run configurations), printed or merged into the project's files,
 * with VS Code's {@code substitutePath} learned from Delve's own source list when that is safe.
 */
package io.debugproxy.cli.ide;
