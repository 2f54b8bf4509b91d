package io.eventgate.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Ports for the processes and listeners the tests start. They are taken below Linux's ephemeral range (32768
 * up) on purpose: a port the kernel hands out for {@code bind(0)} is the same kind of port it hands out for
 * every outgoing connection, so between a test picking one and a process binding it, a Hazelcast or PostgreSQL
 * client socket may take it ("Address already in use"). No port is handed out twice by one test JVM.
 */
public final class FreePorts {

  /** Single ports come from here. */
  private static final int SINGLE_FROM = 10_000;
  private static final int SINGLE_TO = 20_000;
  /** Blocks of consecutive ports (a cluster's Hazelcast ports) come from here, apart from the single ones. */
  private static final int BLOCKS_FROM = 20_000;
  private static final int BLOCKS_TO = 32_000;
  private static final int ATTEMPTS = 500;

  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private FreePorts() {
  }

  /** One port nothing listens on, on any address. */
  public static int one() {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(SINGLE_FROM, SINGLE_TO);
      if (free(port) && HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port between " + SINGLE_FROM + " and " + SINGLE_TO);
  }

  /** The first of {@code count} consecutive ports nothing listens on. */
  public static int block(int count) {
    int blocks = (BLOCKS_TO - BLOCKS_FROM) / count;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int base = BLOCKS_FROM + ThreadLocalRandom.current().nextInt(blocks) * count;
      if (IntStream.range(base, base + count).allMatch(FreePorts::free) && HANDED_OUT.add(base)) {
        return base;
      }
    }
    throw new IllegalStateException("no block of " + count + " free ports between " + BLOCKS_FROM + " and "
        + BLOCKS_TO);
  }

  private static boolean free(int port) {
    // Both the wildcard address (where the gateway listens) and loopback (where Hazelcast does).
    return free(new InetSocketAddress(port)) && free(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  private static boolean free(InetSocketAddress address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(address, 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
