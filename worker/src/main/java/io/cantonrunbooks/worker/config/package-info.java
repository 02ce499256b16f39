/**
 * The worker and CLI configuration: {@link io.cantonrunbooks.worker.config.RunbookConfigLoader}
 * reads HOCON, environment variables and flags, and either returns a valid
 * {@link io.cantonrunbooks.worker.config.RunbookConfig} or throws one
 * {@link io.cantonrunbooks.worker.config.InvalidConfigException} listing every problem.
 */
package io.cantonrunbooks.worker.config;
