/** How webhooks are delivered, from the configuration (see libs/core/src/config.ts). */
export interface WebhookSettingsConfig {
  /** Plain http: to a loopback host is accepted (development and test only). */
  loopbackHttpAllowed: boolean;
  /** The first retry's wait, doubled after each failure (WEBHOOK_RETRY_BASE_MS). */
  retryBaseMs: number;
}

export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');
