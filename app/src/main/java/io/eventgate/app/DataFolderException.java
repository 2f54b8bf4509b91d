package io.eventgate.app;

import java.io.IOException;

/** The embedded PostgreSQL cannot use its data folder; the message names the folder and what to do. */
public final class DataFolderException extends IOException {

  DataFolderException(String message) {
    super(message);
  }
}
