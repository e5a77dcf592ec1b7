package example;

import io.jpprof.http.Pprof;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Starts jpprof the README's way and reads the heap profile's text form. */
public final class Consumer {
  public static void main(String[] args) throws Exception {
    try (Pprof.Server server = Pprof.start(0)) {
      HttpResponse<String> heap = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.url() + "heap?debug=1")).build(),
          HttpResponse.BodyHandlers.ofString());
      String first = heap.body().lines().findFirst().orElse("");
      System.out.println("GET " + server.url() + "heap?debug=1 -> " + heap.statusCode() + ": " + first);
      if (heap.statusCode() != 200 || !first.startsWith("heap profile: ")) {
        System.exit(1);
      }
    }
  }
}
