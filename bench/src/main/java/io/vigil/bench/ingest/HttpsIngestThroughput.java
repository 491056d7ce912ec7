package io.vigil.bench.ingest;

import io.vigil.bench.Procs;
import io.vigil.wire.auth.ConnectionString;
import io.vigil.wire.auth.DeviceTopics;
import io.vigil.wire.auth.SasToken;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Ingest throughput and latency of a real {@code vigil server}'s HTTPS device listener on this
 * machine: N devices (default 100) each post 10-event security messages to {@code
 * /devices/D/messages/events} with a SAS token, CONCURRENCY requests in flight in all, over the
 * JDK's HTTP client (HTTP/1.1 over TLS, connections kept alive). A 204 means the events were
 * decoded, validated and committed to the workspace. Reports messages/s after a warm-up, p50/p99
 * latency, the answers other than 204, the server's CPU and RSS, and checks the stored count.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.vigil.bench.ingest.HttpsIngestThroughput
 * [REPO_DIR] [DEVICES] [SECONDS] [CONCURRENCY]} (defaults: ., 100, 30, 32).
 */
public final class HttpsIngestThroughput {
  private static final int EVENTS_PER_MESSAGE = 10;

  private HttpsIngestThroughput() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int devices = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 32;
    Path dir = Files.createTempDirectory("vigil-https-ingest-");
    int http = Procs.freePort();
    int https = Procs.freePort();
    Process server = Procs.startServer(repo, dir.resolve("data"), dir.resolve("server.log"), "--http-port", Integer.toString(http),
        "--mqtt-port", Integer.toString(Procs.freePort()), "--mqtt-tls-port", "0", "--https-port", Integer.toString(https), "--bind", "127.0.0.1");
    try {
      Procs.awaitHealthy(http);
      String token = Files.readString(dir.resolve("data/admin.token")).strip();
      List<ConnectionString> conns = IngestThroughput.createDevices(http, token, devices);
      List<String> tokens = new ArrayList<>();
      for (ConnectionString cs : conns) {
        tokens.add(SasToken.sign(SasToken.deviceResource(cs.hostName(), cs.deviceId()), cs.sharedAccessKey(),
            Instant.now().plus(Duration.ofHours(2))).toString());
      }
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .sslContext(trusting(dir.resolve("data/ca/ca.crt"))).build();
      System.out.printf("%d devices registered; server pid %d; logs in %s%n", devices, server.pid(), dir);
      IngestThroughput.Template template = new IngestThroughput.Template();
      MqttLoad.Latencies latencies = new MqttLoad.Latencies();
      AtomicLong sent = new AtomicLong();
      AtomicLong stored = new AtomicLong();
      AtomicLong refused = new AtomicLong();
      long warmup = Math.min(15, Math.max(5, seconds / 4));
      long warmEnd = System.nanoTime() + warmup * 1_000_000_000L;
      long end = warmEnd + seconds * 1_000_000_000L;
      long[] measuredFrom = new long[2]; // stored count and CPU ticks when the warm-up ended
      List<CompletableFuture<Void>> loops = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        loops.add(CompletableFuture.runAsync(() -> {
          while (System.nanoTime() < end) {
            long n = sent.getAndIncrement();
            int device = (int) (n % devices);
            HttpRequest request = HttpRequest.newBuilder(URI.create("https://localhost:" + https + "/devices/"
                    + conns.get(device).deviceId() + "/messages/events?api-version=2020-03-13"))
                .header("Authorization", tokens.get(device))
                .header("iothub-interface-id", DeviceTopics.SECURITY_INTERFACE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(template.next(n))).build();
            long started = System.nanoTime();
            try {
              int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
              if (status == 204) {
                stored.incrementAndGet();
                if (started > warmEnd) {
                  synchronized (latencies) {
                    latencies.add(System.nanoTime() - started);
                  }
                }
              } else {
                refused.incrementAndGet();
              }
            } catch (Exception e) {
              refused.incrementAndGet();
            }
          }
        }, runnable -> Thread.ofVirtual().start(runnable)));
      }
      while (System.nanoTime() < warmEnd) {
        Thread.sleep(50);
      }
      measuredFrom[0] = stored.get();
      measuredFrom[1] = Procs.cpuTicks(server.pid());
      long start = System.nanoTime();
      CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
      double elapsed = (System.nanoTime() - start) / 1e9;
      long messages = stored.get() - measuredFrom[0];
      double cpu = (Procs.cpuTicks(server.pid()) - measuredFrom[1]) / (double) Procs.TICKS_PER_SECOND / elapsed;
      long rss = Procs.rssKb(server.pid());
      System.out.println();
      System.out.println("| measure | value |");
      System.out.println("|---|---|");
      System.out.printf("| messages stored and answered 204 per second (over %.0f s, %d in flight) | %,.0f (%,.0f events/s) |%n",
          elapsed, concurrency, messages / elapsed, messages * EVENTS_PER_MESSAGE / elapsed);
      System.out.printf("| latency p50 / p99 | %.1f ms / %.1f ms |%n", latencies.quantileMillis(0.5), latencies.quantileMillis(0.99));
      System.out.printf("| answers other than 204 (all run) | %,d |%n", refused.get());
      System.out.printf("| server CPU | %.2f cores (of 2, shared with this load generator) |%n", cpu);
      System.out.printf("| server RSS | %.0f MB |%n", rss / 1024.0);
      System.out.printf("| events in the workspace / answered 204 | %,d / %,d |%n", IngestThroughput.stored(http, token, "SELECT count(*) AS n FROM SecurityIoTRawEvent"),
          stored.get() * EVENTS_PER_MESSAGE);
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  private static SSLContext trusting(Path caCertificate) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caCertificate)) {
      trust.setCertificateEntry("vigil", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
