package io.jpprof.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal HTTP/1.1 client over a socket, so tests send exactly the request line they mean
 * ({@code //}, {@code ..}, any method) and see every header.
 */
final class RawHttp {
  record Response(int status, List<String[]> headers, byte[] body) {
    /** The first value of a header, or null. */
    String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** Headers that legitimately differ between two responses are left out. */
    List<String> stableHeaders() {
      List<String> out = new ArrayList<>();
      for (String[] h : headers) {
        if (!h[0].equalsIgnoreCase("date")) {
          out.add(h[0].toLowerCase(Locale.ROOT) + ": " + h[1]);
        }
      }
      out.sort(null);
      return out;
    }
  }

  private final int port;

  RawHttp(int port) {
    this.port = port;
  }

  Response get(String target) throws IOException {
    return send("GET", target, null);
  }

  Response send(String method, String target, byte[] body) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1:").append(port).append("\r\n");
      head.append("Connection: close\r\n");
      if (body != null) {
        head.append("Content-Type: application/octet-stream\r\n");
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return parse(s.getInputStream().readAllBytes());
    }
  }

  static Response parse(byte[] raw) {
    int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    String head = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    return new Response(status, headers, body);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("no header end in " + new String(haystack, StandardCharsets.ISO_8859_1));
  }

}
