/**
 * MQTT 5 reason codes (section 2.4) and the MQTT 3.1/3.1.1 CONNACK return codes, plus the set of
 * reason codes each v5 packet type may carry (tables in 3.2.2.2, 3.4.2.1, ..., 3.15.2.1). The
 * sets are 256-entry lookup tables so that validation is one indexed load.
 */
export const ReasonCode = {
  Success: 0x00,
  NormalDisconnection: 0x00,
  GrantedQoS0: 0,
  GrantedQoS1: 1,
  GrantedQoS2: 2,
  DisconnectWithWill: 0x04,
  NoMatchingSubscribers: 0x10,
  NoSubscriptionExisted: 0x11,
  ContinueAuthentication: 0x18,
  ReAuthenticate: 0x19,
  UnspecifiedError: 0x80,
  MalformedPacket: 0x81,
  ProtocolError: 0x82,
  ImplementationSpecificError: 0x83,
  UnsupportedProtocolVersion: 0x84,
  ClientIdentifierNotValid: 0x85,
  BadUserNameOrPassword: 0x86,
  NotAuthorized: 0x87,
  ServerUnavailable: 0x88,
  ServerBusy: 0x89,
  Banned: 0x8a,
  ServerShuttingDown: 0x8b,
  BadAuthenticationMethod: 0x8c,
  KeepAliveTimeout: 0x8d,
  SessionTakenOver: 0x8e,
  TopicFilterInvalid: 0x8f,
  TopicNameInvalid: 0x90,
  PacketIdentifierInUse: 0x91,
  PacketIdentifierNotFound: 0x92,
  ReceiveMaximumExceeded: 0x93,
  TopicAliasInvalid: 0x94,
  PacketTooLarge: 0x95,
  MessageRateTooHigh: 0x96,
  QuotaExceeded: 0x97,
  AdministrativeAction: 0x98,
  PayloadFormatInvalid: 0x99,
  RetainNotSupported: 0x9a,
  QoSNotSupported: 0x9b,
  UseAnotherServer: 0x9c,
  ServerMoved: 0x9d,
  SharedSubscriptionsNotSupported: 0x9e,
  ConnectionRateExceeded: 0x9f,
  MaximumConnectTime: 0xa0,
  SubscriptionIdentifiersNotSupported: 0xa1,
  WildcardSubscriptionsNotSupported: 0xa2,
} as const;
export type ReasonCode = (typeof ReasonCode)[keyof typeof ReasonCode];

/** MQTT 3.1 / 3.1.1 CONNACK return codes (3.1.1 section 3.2.2.3); 6-255 are reserved. */
export const ConnectReturnCode = {
  Accepted: 0,
  UnacceptableProtocolVersion: 1,
  IdentifierRejected: 2,
  ServerUnavailable: 3,
  BadUsernameOrPassword: 4,
  NotAuthorized: 5,
} as const;
export type ConnectReturnCode = (typeof ConnectReturnCode)[keyof typeof ConnectReturnCode];

/** A 256-entry membership table: `table[code] === 1` when the code is allowed. */
export type ReasonCodeSet = Readonly<Uint8Array>;

function setOf(codes: readonly number[]): ReasonCodeSet {
  const table = new Uint8Array(256);
  for (const code of codes) table[code] = 1;
  return table;
}

const R = ReasonCode;

/** v5 CONNACK (3.2.2.2). */
export const CONNACK_REASON_CODES = setOf([
  R.Success,
  R.UnspecifiedError,
  R.MalformedPacket,
  R.ProtocolError,
  R.ImplementationSpecificError,
  R.UnsupportedProtocolVersion,
  R.ClientIdentifierNotValid,
  R.BadUserNameOrPassword,
  R.NotAuthorized,
  R.ServerUnavailable,
  R.ServerBusy,
  R.Banned,
  R.BadAuthenticationMethod,
  R.TopicNameInvalid,
  R.PacketTooLarge,
  R.QuotaExceeded,
  R.PayloadFormatInvalid,
  R.RetainNotSupported,
  R.QoSNotSupported,
  R.UseAnotherServer,
  R.ServerMoved,
  R.ConnectionRateExceeded,
]);

/** v3.1/3.1.1 CONNACK return codes 0-5 (3.1.1 Table 3.1: 6-255 are reserved for future use). */
export const CONNACK_RETURN_CODES_V4 = setOf([0, 1, 2, 3, 4, 5]);

/** v5 PUBACK (3.4.2.1) and PUBREC (3.5.2.1). */
export const PUBACK_REASON_CODES = setOf([
  R.Success,
  R.NoMatchingSubscribers,
  R.UnspecifiedError,
  R.ImplementationSpecificError,
  R.NotAuthorized,
  R.TopicNameInvalid,
  R.PacketIdentifierInUse,
  R.QuotaExceeded,
  R.PayloadFormatInvalid,
]);

/** v5 PUBREL (3.6.2.1) and PUBCOMP (3.7.2.1). */
export const PUBREL_REASON_CODES = setOf([R.Success, R.PacketIdentifierNotFound]);

/** v5 SUBACK (3.9.3). */
export const SUBACK_REASON_CODES = setOf([
  R.GrantedQoS0,
  R.GrantedQoS1,
  R.GrantedQoS2,
  R.UnspecifiedError,
  R.ImplementationSpecificError,
  R.NotAuthorized,
  R.TopicFilterInvalid,
  R.PacketIdentifierInUse,
  R.QuotaExceeded,
  R.SharedSubscriptionsNotSupported,
  R.SubscriptionIdentifiersNotSupported,
  R.WildcardSubscriptionsNotSupported,
]);

/** v3.1/3.1.1 SUBACK: granted QoS or 0x80 failure ([MQTT-3.9.3-2] other values reserved). */
export const SUBACK_RETURN_CODES_V4 = setOf([0, 1, 2, 0x80]);

/** v5 UNSUBACK (3.11.3). */
export const UNSUBACK_REASON_CODES = setOf([
  R.Success,
  R.NoSubscriptionExisted,
  R.UnspecifiedError,
  R.ImplementationSpecificError,
  R.NotAuthorized,
  R.TopicFilterInvalid,
  R.PacketIdentifierInUse,
]);

/** v5 DISCONNECT (3.14.2.1). */
export const DISCONNECT_REASON_CODES = setOf([
  R.NormalDisconnection,
  R.DisconnectWithWill,
  R.UnspecifiedError,
  R.MalformedPacket,
  R.ProtocolError,
  R.ImplementationSpecificError,
  R.NotAuthorized,
  R.ServerBusy,
  R.ServerShuttingDown,
  R.KeepAliveTimeout,
  R.SessionTakenOver,
  R.TopicFilterInvalid,
  R.TopicNameInvalid,
  R.ReceiveMaximumExceeded,
  R.TopicAliasInvalid,
  R.PacketTooLarge,
  R.MessageRateTooHigh,
  R.QuotaExceeded,
  R.AdministrativeAction,
  R.PayloadFormatInvalid,
  R.RetainNotSupported,
  R.QoSNotSupported,
  R.UseAnotherServer,
  R.ServerMoved,
  R.SharedSubscriptionsNotSupported,
  R.ConnectionRateExceeded,
  R.MaximumConnectTime,
  R.SubscriptionIdentifiersNotSupported,
  R.WildcardSubscriptionsNotSupported,
]);

/** v5 AUTH (3.15.2.1). */
export const AUTH_REASON_CODES = setOf([R.Success, R.ContinueAuthentication, R.ReAuthenticate]);
