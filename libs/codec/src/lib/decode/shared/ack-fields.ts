/** Field names of the publish acknowledgements, built once here rather than per packet. */
const FIELD = ['', '', '', '', 'puback', 'pubrec', 'pubrel', 'pubcomp'] as const;
export const ACK_NAME: readonly string[] = FIELD;
export const ACK_PACKET_ID: readonly string[] = FIELD.map((n) => `${n}.packetId`);
export const ACK_REASON: readonly string[] = FIELD.map((n) => `${n}.reasonCode`);
export const ACK_PROPERTIES: readonly string[] = FIELD.map((n) => `${n}.properties.length`);
