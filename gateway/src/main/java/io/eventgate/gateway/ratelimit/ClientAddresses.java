package io.eventgate.gateway.ratelimit;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The address of the client a request comes from (README, "Security"): the socket's peer, unless that peer
 * is a trusted proxy ({@code TRUSTED_PROXIES}: addresses and CIDR ranges). Then the proxies' record of the
 * hops is read from the right — in the one header they write, {@code X-Forwarded-For} unless
 * {@code TRUSTED_PROXY_HEADER} says {@code Forwarded} (RFC 7239) — skipping trusted proxies, and the first
 * address that is not one is the client. Entries further left were written by the client itself and are never
 * believed, and neither is the other header: a proxy passes on unchanged a header it does not write itself,
 * so a client could put any address there. Parsing never resolves a name.
 */
public final class ClientAddresses {

  private static final String FORWARDED = "Forwarded";
  private static final String X_FORWARDED_FOR = "X-Forwarded-For";

  private final List<IpSubnetFilterRule> trusted;
  private final boolean rfc7239;

  private ClientAddresses(List<IpSubnetFilterRule> trusted, boolean rfc7239) {
    this.trusted = trusted;
    this.rfc7239 = rfc7239;
  }

  /**
   * From the {@code TRUSTED_PROXIES} setting (comma-separated addresses or CIDR ranges; empty trusts none) and
   * {@code TRUSTED_PROXY_HEADER} ({@code X-Forwarded-For} or {@code Forwarded}, any case).
   */
  public static ClientAddresses from(String setting, String header) {
    boolean rfc7239;
    if (header == null || header.isBlank() || header.trim().equalsIgnoreCase(X_FORWARDED_FOR)) {
      rfc7239 = false;
    } else if (header.trim().equalsIgnoreCase(FORWARDED)) {
      rfc7239 = true;
    } else {
      throw new IllegalArgumentException("TRUSTED_PROXY_HEADER must be X-Forwarded-For or Forwarded");
    }
    List<IpSubnetFilterRule> rules = new ArrayList<>();
    if (setting != null) {
      for (String item : setting.split(",")) {
        String range = item.trim();
        if (!range.isEmpty()) {
          rules.add(rule(range));
        }
      }
    }
    return new ClientAddresses(List.copyOf(rules), rfc7239);
  }

  private static IpSubnetFilterRule rule(String range) {
    int slash = range.indexOf('/');
    String address = slash < 0 ? range : range.substring(0, slash);
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null) {
      throw new IllegalArgumentException("TRUSTED_PROXIES: '" + range + "' is not an IP address or CIDR range");
    }
    int bits = bytes.length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? bits : Integer.parseInt(range.substring(slash + 1));
    } catch (NumberFormatException e) {
      prefix = -1;
    }
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("TRUSTED_PROXIES: '" + range + "' has a prefix length outside 0-" + bits);
    }
    try {
      return new IpSubnetFilterRule(InetAddress.getByAddress(bytes), prefix, IpFilterRuleType.ACCEPT);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("TRUSTED_PROXIES: '" + range + "' is not an IP address", e);
    }
  }

  /** The client's address, as text; {@code unknown} when the connection has no peer address. */
  public String of(HttpServerRequest request) {
    SocketAddress peer = request.remoteAddress();
    String peerText = peer == null ? null : peer.hostAddress();
    if (peerText == null) {
      return "unknown";
    }
    if (trusted.isEmpty()) {
      return peerText;
    }
    return resolve(peerText, request.headers().getAll(rfc7239 ? FORWARDED : X_FORWARDED_FOR));
  }

  /** The rule itself, on the peer's address and the lines of the proxies' header as received. */
  String resolve(String peerText, List<String> fields) {
    InetAddress current = parse(peerText);
    if (current == null || !isTrusted(current)) {
      return peerText;
    }
    List<String> hops = rfc7239 ? forNodes(fields) : entries(fields);
    for (int i = hops.size() - 1; i >= 0 && isTrusted(current); i--) {
      InetAddress hop = parse(hops.get(i));
      if (hop == null) {
        // A proxy wrote something that is no address (unknown, an obfuscated name): the last proxy that
        // is known is as close to the client as can be told.
        break;
      }
      current = hop;
    }
    return text(current);
  }

  /**
   * The bucket key of a client address: the address itself for IPv4, its /64 network for IPv6, since one
   * IPv6 client commonly holds a whole /64 and could otherwise take a fresh address for every request.
   */
  public static String key(String address) {
    InetAddress parsed = parse(address);
    if (parsed == null) {
      return address;
    }
    if (parsed instanceof Inet4Address) {
      // An IPv4-mapped IPv6 address is its IPv4 client, not a /64 shared with every other one.
      return parsed.getHostAddress();
    }
    byte[] bytes = parsed.getAddress();
    Arrays.fill(bytes, 8, 16, (byte) 0);
    return NetUtil.bytesToIpAddress(bytes) + "/64";
  }

  private boolean isTrusted(InetAddress address) {
    InetSocketAddress socket = new InetSocketAddress(address, 0);
    for (IpSubnetFilterRule rule : trusted) {
      if (rule.matches(socket)) {
        return true;
      }
    }
    return false;
  }

  /** The {@code X-Forwarded-For} hops, client side first. */
  private static List<String> entries(List<String> fields) {
    List<String> hops = new ArrayList<>();
    for (String field : fields) {
      for (String entry : field.split(",")) {
        hops.add(entry.trim());
      }
    }
    return hops;
  }

  /** The {@code Forwarded} hops, client side first. */
  private static List<String> forNodes(List<String> fields) {
    List<String> hops = new ArrayList<>();
    for (String field : fields) {
      for (String element : field.split(",")) {
        hops.add(forValue(element));
      }
    }
    return hops;
  }

  /** The {@code for=} node of one {@code Forwarded} element, unquoted; empty when it has none. */
  private static String forValue(String element) {
    for (String pair : element.split(";")) {
      String trimmed = pair.trim();
      if (trimmed.length() > 4 && trimmed.substring(0, 4).toLowerCase(Locale.ROOT).equals("for=")) {
        String node = trimmed.substring(4);
        return node.length() >= 2 && node.startsWith("\"") && node.endsWith("\"")
            ? node.substring(1, node.length() - 1) : node;
      }
    }
    return "";
  }

  /**
   * An address literal, IPv4 or IPv6, optionally with a port ({@code 192.0.2.1:4711},
   * {@code [2001:db8::1]:4711}); null for anything else, a zone id included.
   */
  static InetAddress parse(String text) {
    String literal = text.trim();
    if (literal.startsWith("[")) {
      int end = literal.indexOf(']');
      literal = end < 0 ? "" : literal.substring(1, end);
    } else if (literal.indexOf(':') > 0 && literal.indexOf(':') == literal.lastIndexOf(':')) {
      literal = literal.substring(0, literal.indexOf(':'));
    }
    // A zone id names an interface of the machine that wrote it: it means nothing here.
    byte[] bytes = literal.indexOf('%') >= 0 ? null : NetUtil.createByteArrayFromIpAddressString(literal);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String text(InetAddress address) {
    // An IPv4-mapped IPv6 address comes back from getByAddress as the IPv4 address it maps.
    return address instanceof Inet4Address ? address.getHostAddress() : NetUtil.toAddressString(address);
  }
}
