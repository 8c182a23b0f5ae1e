export { BrokerConfig } from './lib/broker-config';
export { ConfigError, loadConfig } from './lib/load-config';
