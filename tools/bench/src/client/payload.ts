/**
 * Layout of every benchmark payload (little endian), padded with zeros to the configured size:
 *
 * | offset | size | field                                                    |
 * | ------ | ---- | -------------------------------------------------------- |
 * | 0      | 2    | publisher id (index within the scenario)                 |
 * | 2      | 4    | sequence number, 0, 1, 2 ... per publisher               |
 * | 6      | 8    | send time, `performance.now()` of the publishing process |
 */
export const PAYLOAD_HEADER_SIZE = 14;

export const PUB_ID_OFFSET = 0;
export const SEQ_OFFSET = 2;
export const TIME_OFFSET = 6;

export function readPubId(buf: Buffer, start: number): number {
  return buf.readUInt16LE(start + PUB_ID_OFFSET);
}

export function readSeq(buf: Buffer, start: number): number {
  return buf.readUInt32LE(start + SEQ_OFFSET);
}

export function readSendTime(buf: Buffer, start: number): number {
  return buf.readDoubleLE(start + TIME_OFFSET);
}
