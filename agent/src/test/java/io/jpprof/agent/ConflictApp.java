package io.jpprof.agent;

import com.google.protobuf.Timestamp;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * An application with its own, other versions of Undertow and protobuf-java on the class path
 * (see the pom's test-apps/conflict): serves a protobuf message over its own Undertow server.
 */
public final class ConflictApp {
  private ConflictApp() {}

  public static void main(String[] args) throws InterruptedException {
    Undertow server = Undertow.builder()
        .addHttpListener(0, "127.0.0.1")
        .setHandler(exchange -> exchange.getResponseSender().send(
            ByteBuffer.wrap(Timestamp.newBuilder().setSeconds(42).build().toByteArray())))
        .build();
    server.start();
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    System.out.println("undertow " + io.undertow.Version.getVersionString());
    System.out.println("protobuf " + Timestamp.class.getProtectionDomain().getCodeSource().getLocation());
    System.out.println("app listening " + port);
    Thread.sleep(120_000);
  }
}
