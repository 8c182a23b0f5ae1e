/** Wire-format limits shared by the parser and the encoder (MQTT 5 sections 1.5 and 2.1.4). */

/** Largest value a Remaining Length (4-byte Variable Byte Integer) can hold. */
export const MAX_REMAINING_LENGTH = 268_435_455;

/** Largest whole packet: 1 type byte + 4 length bytes + MAX_REMAINING_LENGTH. */
export const MAX_PACKET_SIZE = 268_435_460;

/** Default inbound cap of {@link MqttParser}: 1 MiB including the fixed header. */
export const DEFAULT_MAX_PACKET_SIZE = 1_048_576;

/** UTF-8 strings and binary data carry a 2-byte length prefix (1.5.4, 1.5.6). */
export const MAX_STRING_BYTES = 65_535;

/** Largest Variable Byte Integer, e.g. for a Subscription Identifier (1.5.5). */
export const MAX_VARIABLE_BYTE_INTEGER = 268_435_455;

/** A zero-length buffer shared by every empty payload/binary field (it cannot be mutated). */
export const EMPTY_BUFFER: Buffer = Buffer.alloc(0);
