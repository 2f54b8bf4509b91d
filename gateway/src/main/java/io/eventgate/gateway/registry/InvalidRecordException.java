package io.eventgate.gateway.registry;

/** A registry record that breaks the rules of CONTRACT.md section 3; {@link #field()} names what is wrong. */
public final class InvalidRecordException extends RuntimeException {

  private final String field;

  public InvalidRecordException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
