package io.eventgate.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx as a foreground process, configured from the shipped {@code deploy/nginx.conf} with only
 * its addresses made local: the listen port and the gateways' {@code host:port}. Everything else — the
 * upstream's keep-alive, failure and retry settings, the envelope locations — is the shipped file's.
 */
final class NginxProcess implements AutoCloseable {

  static final Path SHIPPED_CONF = Path.of("..", "deploy", "nginx.conf");
  private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"));

  private final Process process;
  private final Path prefix;
  private final int port;

  private NginxProcess(Process process, Path prefix, int port) {
    this.process = process;
    this.prefix = prefix;
    this.port = port;
  }

  /** The nginx binary, or null when it is not installed. */
  static Path binary() {
    return BINARIES.stream().filter(Files::isExecutable).findFirst().orElse(null);
  }

  /**
   * Starts nginx on 127.0.0.1:{@code port} in front of the gateways on {@code gatewayPorts} (gateway-1,
   * gateway-2, ... of the shipped file, in order), with its files under {@code prefix}.
   */
  static NginxProcess start(Path prefix, int port, List<Integer> gatewayPorts) throws Exception {
    Path nginx = binary();
    if (nginx == null) {
      throw new IllegalStateException("nginx is not installed (apt-get install nginx)");
    }
    // Logs of an earlier run would be counted as this one's.
    for (String log : List.of("error.log", "access.log", "stdout.log")) {
      Files.deleteIfExists(prefix.resolve(log));
    }
    Files.createDirectories(prefix.resolve("temp"));
    Path conf = prefix.resolve("nginx.conf");
    Files.writeString(conf, mainConfig(prefix.toAbsolutePath(), localServer(port, gatewayPorts)));
    Process process = new ProcessBuilder(nginx.toString(), "-p", prefix.toAbsolutePath() + "/",
        "-c", conf.toAbsolutePath().toString(), "-g", "daemon off;")
        .redirectErrorStream(true)
        .redirectOutput(prefix.resolve("stdout.log").toFile())
        .start();
    NginxProcess started = new NginxProcess(process, prefix, port);
    started.awaitListening(Duration.ofSeconds(10));
    return started;
  }

  /** The shipped server and upstream blocks with local addresses; fails if the file no longer has them. */
  static String localServer(int port, List<Integer> gatewayPorts) throws IOException {
    String shipped = Files.readString(SHIPPED_CONF, StandardCharsets.UTF_8);
    String local = replaceOnce(shipped, "listen 80;", "listen 127.0.0.1:" + port + ";");
    for (int i = 0; i < gatewayPorts.size(); i++) {
      local = replaceOnce(local, "server gateway-" + (i + 1) + ":8080 ",
          "server 127.0.0.1:" + gatewayPorts.get(i) + " ");
    }
    return local;
  }

  private static String replaceOnce(String text, String from, String to) {
    int at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) {
      throw new IllegalStateException(SHIPPED_CONF + " should contain '" + from + "' exactly once");
    }
    return text.substring(0, at) + to + text.substring(at + from.length());
  }

  /** What the Docker image's main nginx.conf provides around conf.d/default.conf, with paths under prefix. */
  private static String mainConfig(Path prefix, String server) {
    String temp = prefix.resolve("temp").toString();
    return "worker_processes 2;\n"
        + "error_log " + prefix.resolve("error.log") + " info;\n"
        + "pid " + prefix.resolve("nginx.pid") + ";\n"
        + "events { worker_connections 1024; }\n"
        + "http {\n"
        // Which gateway answered each request, so a test can see when nginx sends traffic to one again.
        + "  log_format upstream '$upstream_addr $upstream_status $status';\n"
        + "  access_log " + prefix.resolve("access.log") + " upstream;\n"
        + "  client_body_temp_path " + temp + "/body;\n"
        + "  proxy_temp_path " + temp + "/proxy;\n"
        + "  fastcgi_temp_path " + temp + "/fastcgi;\n"
        + "  uwsgi_temp_path " + temp + "/uwsgi;\n"
        + "  scgi_temp_path " + temp + "/scgi;\n"
        + server
        + "}\n";
  }

  private void awaitListening(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited with " + process.exitValue() + ":\n" + log("stdout.log")
            + log("error.log"));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("nginx did not listen on " + port + " within " + timeout);
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** One of nginx's files under the prefix ({@code error.log}, {@code access.log}), or "" if absent. */
  String log(String name) throws IOException {
    Path file = prefix.resolve(name);
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
