package io.eventgate.common.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;

/** Opens the reactive pool every verticle of a process shares, and the pipelined clients of the read paths. */
public final class Database {

  /**
   * Queries one pipelined connection keeps in flight. Reads by key are answered in a fraction of a millisecond,
   * so a request waiting behind this many others waits little; more would only grow that queue.
   */
  static final int PIPELINING_LIMIT = 256;

  /**
   * The planner's cost of a random page read, for the read connections. PostgreSQL's default (4) prices a
   * random read as four sequential ones, as on a spinning disk, so for a table of a page or two (a business's
   * employees) it picks a sequential scan and a hash join over a primary-key probe. Reads by key run on a
   * working set held in memory, where a random read costs what a sequential one does: 1.1 is the value
   * PostgreSQL's documentation suggests for that case. It is set on these connections only.
   */
  public static final String READ_RANDOM_PAGE_COST = "1.1";

  /** The pool name the pipelined clients' Vert.x metrics carry, apart from the shared pool's. */
  static final String PIPELINED_NAME = "pipelined-reads";

  private Database() {
  }

  public static Pool pool(Vertx vertx, PgSettings pg, int maxSize) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(maxSize).setShared(false))
        .connectingTo(pg.connectOptions())
        .using(vertx)
        .build();
  }

  /**
   * A pipelined client for single-statement reads by key: one connection, opened on the event loop of the
   * first query and reopened on demand after a loss, that sends queries without waiting for the answers to
   * earlier ones (up to {@link #PIPELINING_LIMIT} in flight). PostgreSQL then reads many queries per wake-up
   * and the driver writes many per flush. Create one per verticle instance in {@code start()}, from its
   * context, and close it in {@code stop()}. No transactions: use {@link #pool} for those.
   */
  public static SqlClient pipelinedClient(Vertx vertx, PgSettings pg) {
    PgConnectOptions options = pg.connectOptions()
        .setPipeliningLimit(PIPELINING_LIMIT)
        .addProperty("random_page_cost", READ_RANDOM_PAGE_COST);
    return PgBuilder.client()
        .with(new PoolOptions().setMaxSize(1).setShared(false).setName(PIPELINED_NAME))
        .connectingTo(options)
        .using(vertx)
        .build();
  }
}
