package io.eventgate.common.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Opens the reactive pool every verticle of a process shares. */
public final class Database {

  private Database() {
  }

  public static Pool pool(Vertx vertx, PgSettings pg, int maxSize) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(maxSize).setShared(false))
        .connectingTo(pg.connectOptions())
        .using(vertx)
        .build();
  }
}
