package io.vigil.detect.custom;

import io.vigil.model.event.ConnectionCreate;
import io.vigil.model.event.DeviceEvent;
import io.vigil.model.event.HubOperation;
import io.vigil.model.event.Login;

/**
 * What one event adds to the counts of the range rules, by {@link CustomAlertType}. Security
 * messages are counted by the detection itself (one per message, however many events it holds).
 */
final class RangeCounts {
  private RangeCounts() {}

  /** How much {@code event} adds to the count of {@code type}. */
  static long of(CustomAlertType type, DeviceEvent event) {
    return switch (type) {
      case ACTIVE_CONNECTIONS -> event.event() instanceof ConnectionCreate c ? c.payload().size() : 0;
      case FAILED_LOCAL_LOGINS -> event.event() instanceof Login l
          ? l.payload().stream().filter(a -> a.result() == Login.Result.FAIL).count() : 0;
      case TWIN_UPDATES -> operations(event, "TwinReportedUpdate", "TwinDesiredUpdate", true);
      case UNAUTHORIZED_OPERATIONS -> operations(event, "AuthFailure", "AuthorizationDenied", false);
      default -> 0;
    };
  }

  private static long operations(DeviceEvent event, String one, String other, boolean successOnly) {
    if (!(event.event() instanceof HubOperation h)) {
      return 0;
    }
    long n = 0;
    for (HubOperation.Operation op : h.payload()) {
      if ((op.operation().equals(one) || op.operation().equals(other)) && (!successOnly || op.result().equals("Success"))) {
        n++;
      }
    }
    return n;
  }
}
