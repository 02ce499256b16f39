/**
 * The {@code runbook} CLI: one class per command, named after it ({@code DevServerCommand},
 * {@code ConfigCheckCommand}), sharing {@link io.cantonrunbooks.cli.ConnectionOptions} and one
 * exception handler, listed in {@link io.cantonrunbooks.cli.RunbookCli}.
 */
package io.cantonrunbooks.cli;
