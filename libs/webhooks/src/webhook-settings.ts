/** How webhooks are delivered, from the configuration (see libs/core/src/config.ts). */
export interface WebhookSettingsConfig {
  /** Loopback addresses are reached, by plain http: too (development and test only). */
  loopbackAllowed: boolean;
  /** The first retry's wait, doubled after each failure (WEBHOOK_RETRY_BASE_MS). */
  retryBaseMs: number;
}

export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');
