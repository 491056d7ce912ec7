package io.vigil.hub.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.hub.ops.HubOperationLog;
import io.vigil.model.event.HubOperation;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The hub's device twin service, as in IoT Hub: answers devices' twin requests
 * ({@code $iothub/twin/GET}, {@code $iothub/twin/PATCH/properties/reported}), applies desired
 * property changes from the back end and notifies the device, and records every request as a hub
 * operation ({@value #GET}, {@value #REPORTED}, {@value #DESIRED}, or {@value #OTHER} for a topic it
 * does not know), whose result is {@code Success} or the {@link TwinException.Reason} refusing it.
 *
 * <p>Each device's requests run one at a time, in arrival order, on the device's loop; devices run in
 * parallel. Thread-safe.
 */
public final class TwinService implements AutoCloseable {
  static final String GET = "TwinGet";
  static final String REPORTED = "TwinReportedUpdate";
  static final String DESIRED = "TwinDesiredUpdate";
  static final String OTHER = "TwinRequest";
  private static final String SUCCESS = "Success";
  private static final String NOT_DELIVERED = "NotDelivered";
  private static final long API_TIMEOUT_SECONDS = 30;
  private static final byte[] NO_BODY = new byte[0];

  private final TwinStore store;
  private final TwinSender sender;
  private final HubOperationLog operations;
  private final Clock clock;
  private final DeviceShards shards;

  /**
   * @param sender sends answers and desired-property notifications to one device only
   */
  public TwinService(TwinStore store, TwinSender sender, HubOperationLog operations, Clock clock) {
    this.store = store;
    this.sender = sender;
    this.operations = operations;
    this.clock = clock;
    this.shards = new DeviceShards("vigil-twin", Math.max(2, Runtime.getRuntime().availableProcessors()), 1024);
  }

  /** Whether {@code topic} is a twin topic, which {@link #handle} answers and no subscriber may see. */
  public static boolean isTwinTopic(String topic) {
    return TwinTopic.isTwinTopic(topic);
  }

  /**
   * Handles a device's publish on a twin topic: answers it on {@code $iothub/twin/res/{status}/?$rid=R}
   * when it has a {@code $rid} (200 with the twin, 204 with the new reported version, or the refusal's
   * status with {@code {"message": "..."}}), and records it. Does not block.
   *
   * @param sourceIp the device's address, for the hub operation; null if not known
   * @return completes once the answer is stored and handed to the {@link TwinSender}; never
   *     completes exceptionally (failures are answered and recorded)
   */
  public CompletableFuture<Void> handle(String deviceId, String topic, byte[] body, String sourceIp) {
    TwinTopic.Request request = TwinTopic.parse(topic);
    return shards.<Void>submit(deviceId, () -> {
      answer(deviceId, request, body, sourceIp);
      return null;
    }).exceptionally(e -> {
      refuse(deviceId, request, sourceIp, twinException(e));
      return null;
    });
  }

  private void answer(String deviceId, TwinTopic.Request request, byte[] body, String sourceIp) {
    try {
      switch (request) {
        case TwinTopic.Get get -> {
          Twin twin = store.get(deviceId);
          deliver(deviceId, GET, "MQTT", TwinTopic.response(200, get.requestId()), TwinJson.bytes(twin.toDeviceJson()));
          record(deviceId, GET, SUCCESS, "MQTT", sourceIp, Map.of(
              "DesiredVersion", Long.toString(twin.desired().version()), "ReportedVersion", Long.toString(twin.reported().version())));
        }
        case TwinTopic.ReportedPatch patch -> {
          TwinPatch changes = TwinPatch.parse(body);
          Twin twin = store.update(deviceId, Twin.Side.REPORTED, changes);
          long version = twin.reported().version();
          deliver(deviceId, REPORTED, "MQTT", TwinTopic.response(204, patch.requestId(), version), NO_BODY);
          record(deviceId, REPORTED, SUCCESS, "MQTT", sourceIp, changed(changes, version));
        }
        case TwinTopic.Unsupported unsupported ->
            throw new TwinException(TwinException.Reason.UNSUPPORTED_REQUEST, unsupported.why());
      }
    } catch (TwinException e) {
      refuse(deviceId, request, sourceIp, e);
    } catch (RuntimeException e) {
      refuse(deviceId, request, sourceIp, new TwinException(TwinException.Reason.INTERNAL_ERROR, "internal error: " + e, e));
    }
  }

  private void refuse(String deviceId, TwinTopic.Request request, String sourceIp, TwinException e) {
    String operation = switch (request) {
      case TwinTopic.Get g -> GET;
      case TwinTopic.ReportedPatch p -> REPORTED;
      case TwinTopic.Unsupported u -> OTHER;
    };
    Map<String, String> details = new LinkedHashMap<>();
    details.put("Status", Integer.toString(e.status()));
    details.put("Reason", e.getMessage());
    request.replyTo().ifPresent(rid -> {
      details.put("RequestId", rid);
      // A hub fault's details (file paths, exceptions) stay in the hub operation, away from devices.
      String text = e.status() < 500 ? e.getMessage() : "the hub failed (" + e.reason().wireName() + "); retry later";
      ObjectNode message = TwinJson.MAPPER.createObjectNode().put("message", text);
      deliver(deviceId, operation, "MQTT", TwinTopic.response(e.status(), rid), TwinJson.bytes(message));
    });
    record(deviceId, operation, e.reason().wireName(), "MQTT", sourceIp, details);
  }

  /**
   * The device's twin.
   *
   * @throws TwinException {@link TwinException.Reason#UNKNOWN_DEVICE} or {@link TwinException.Reason#STORE_FAILED}
   */
  public Twin get(String deviceId) {
    return store.get(deviceId);
  }

  /**
   * Merges {@code patch} into the device's desired properties, stores the twin, then sends the
   * device {@code $iothub/twin/PATCH/properties/desired/?$version=N} with the patch and
   * {@code "$version": N} if it is connected and subscribed. Blocks until stored (at most 30 s).
   *
   * @param patch the merge patch, located at {@code /desired} in refusals as in the API's body
   * @return the twin after the change
   * @throws TwinException if refused, with the status to answer
   */
  public Twin updateDesired(String deviceId, JsonNode patch) {
    return await(deviceId, shards.submit(deviceId, () -> {
      try {
        TwinPatch changes = TwinPatch.of(patch, "/desired");
        Twin twin = store.update(deviceId, Twin.Side.DESIRED, changes);
        long version = twin.desired().version();
        ObjectNode notification = changes.changes();
        notification.put("$version", version);
        record(deviceId, DESIRED, SUCCESS, null, null, changed(changes, version));
        // Sent from the device's loop, so notifications leave in version order.
        deliver(deviceId, DESIRED, null, TwinTopic.desiredPatch(version), TwinJson.bytes(notification));
        return twin;
      } catch (TwinException e) {
        if (e.reason() != TwinException.Reason.UNKNOWN_DEVICE) {
          record(deviceId, DESIRED, e.reason().wireName(), null, null, Map.of("Status", Integer.toString(e.status()), "Reason", e.getMessage()));
        }
        throw e;
      }
    }));
  }

  /**
   * Deletes the device's twin, after any of its requests already queued. Call it once the device is
   * removed from the registry, so that no later request recreates the twin.
   *
   * @throws TwinException {@link TwinException.Reason#STORE_FAILED} naming the file
   */
  public void delete(String deviceId) {
    await(deviceId, shards.submit(deviceId, () -> store.delete(deviceId)));
  }

  /** Sends to the device; a broker failure is recorded as the operation's {@code NotDelivered}. */
  private void deliver(String deviceId, String operation, String protocol, String topic, byte[] body) {
    CompletableFuture<Boolean> sent;
    try {
      sent = sender.send(deviceId, topic, body);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((delivered, error) -> {
      if (error != null) {
        record(deviceId, operation, NOT_DELIVERED, protocol, null, Map.of("Topic", topic, "Reason", message(error)));
      }
    });
  }

  private static Map<String, String> changed(TwinPatch changes, long version) {
    return Map.of("Keys", String.join(",", changes.keys()), "Version", Long.toString(version));
  }

  private void record(String deviceId, String operation, String result, String protocol, String sourceIp, Map<String, String> details) {
    operations.record(deviceId, new HubOperation.Operation(operation, result, protocol, sourceIp, details), clock.instant());
  }

  private static <T> T await(String deviceId, CompletableFuture<T> future) {
    try {
      return future.get(API_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw twinException(e.getCause());
    } catch (TimeoutException e) {
      throw new TwinException(TwinException.Reason.UNAVAILABLE,
          "the twin of '" + deviceId + "' was not handled within " + API_TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TwinException(TwinException.Reason.UNAVAILABLE, "interrupted while handling the twin of '" + deviceId + "'", e);
    }
  }

  private static TwinException twinException(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return cause instanceof TwinException t ? t : new TwinException(TwinException.Reason.INTERNAL_ERROR, "internal error: " + cause, cause);
  }

  private static String message(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  /** Stops taking requests and finishes the queued ones (at most 10 s). */
  @Override
  public void close() {
    shards.close();
  }
}
