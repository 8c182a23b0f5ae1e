export { BrokerConfig } from './lib/broker-config';
export { ConfigError, loadConfig } from './lib/load-config';
export { AuthSettings } from './lib/auth-settings';
export { ServiceConfig } from './lib/service-config';
