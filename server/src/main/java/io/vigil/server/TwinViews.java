package io.vigil.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.detect.recommend.TwinView;
import io.vigil.hub.twin.Twin;
import io.vigil.hub.twin.TwinException;
import io.vigil.hub.twin.TwinStore;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A device's twin as the twin recommendations see it: plain JSON values, without the hub's types. */
final class TwinViews {
  private static final Logger LOG = LoggerFactory.getLogger(TwinViews.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private TwinViews() {}

  /** The twin of {@code deviceId}; empty for a device that is gone, or a twin that cannot be read (logged). */
  static Optional<TwinView> of(TwinStore twins, String deviceId) {
    try {
      Twin t = twins.get(deviceId);
      return Optional.of(new TwinView(deviceId, JSON.convertValue(t.desired().values(), MAP), t.desired().version(),
          JSON.convertValue(t.reported().values(), MAP)));
    } catch (TwinException e) {
      if (e.reason() != TwinException.Reason.UNKNOWN_DEVICE) {
        LOG.warn("twin recommendations: cannot read the twin of {}: {}", deviceId, e.getMessage());
      }
      return Optional.empty();
    }
  }
}
