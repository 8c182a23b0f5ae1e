import { IsString, MaxLength, MinLength } from 'class-validator';

/** The request of the verbs that name only a client: `{"clientId": "..."}`. */
export class SessionClientRequest {
  /**
   * The MQTT client identifier whose session is meant (a UTF-8 string [MQTT-3.1.3-4]; the
   * gateway assigns one to a client that sent none, so it is never empty here).
   */
  @IsString() @MinLength(1) @MaxLength(65535) clientId!: string;
}
