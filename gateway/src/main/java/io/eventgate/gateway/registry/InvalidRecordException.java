package io.eventgate.gateway.registry;

import io.eventgate.common.api.StorableText;

/** A registry record that breaks the rules of docs/API.md section 4; {@link #field()} names what is wrong. */
public final class InvalidRecordException extends RuntimeException {

  private final String field;

  public InvalidRecordException(String field, String message) {
    // Both may quote what an operator sent (an unknown field's name): kept storable, since the answer
    // built from them may be recorded or stored.
    super(StorableText.storable(message), null, false, false);
    this.field = StorableText.storable(field);
  }

  public String field() {
    return field;
  }
}
