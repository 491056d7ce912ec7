package io.vigil.hub.broker;

import com.hivemq.extension.sdk.api.interceptor.puback.PubackInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackInboundInput;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import io.vigil.hub.ingest.Channel;
import io.vigil.hub.ingest.CloudToDeviceCounters;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the cloud-to-device messages a device rejects: an MQTT 5 PUBACK with a reason code of 0x80
 * or more for a publish on the device's devicebound topic. Notes the packet id of each devicebound
 * publish on its way out, and forgets it at its PUBACK, so that rejected twin messages do not count.
 * An entry left when a device leaves without acking goes when its packet id is reused: at most one per
 * device and packet id (65,535).
 * Called by HiveMQ's threads; thread-safe.
 */
final class DeviceboundAcks implements PublishOutboundInterceptor, PubackInboundInterceptor {
  private final CloudToDeviceCounters counters;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

  DeviceboundAcks(CloudToDeviceCounters counters) {
    this.counters = counters;
  }

  @Override
  public void onOutboundPublish(PublishOutboundInput in, PublishOutboundOutput out) {
    String clientId = in.getClientInformation().getClientId();
    String key = key(clientId, in.getPublishPacket().getPacketId());
    if (in.getPublishPacket().getTopic().startsWith(TopicPermissions.devicebound(clientId))) {
      inFlight.add(key);
    } else {
      inFlight.remove(key); // a packet id left by a devicebound publish never acked (the device left) now names another
    }
  }

  @Override
  public void onInboundPuback(PubackInboundInput in, PubackInboundOutput out) {
    String clientId = in.getClientInformation().getClientId();
    boolean devicebound = inFlight.remove(key(clientId, in.getPubackPacket().getPacketIdentifier()));
    if (devicebound && rejects(in.getPubackPacket().getReasonCode())) {
      counters.rejected(clientId, Channel.MQTT);
    }
  }

  /** Reason codes of 0x80 or more: all but success (0x00) and no matching subscribers (0x10). */
  static boolean rejects(AckReasonCode code) {
    return code != AckReasonCode.SUCCESS && code != AckReasonCode.NO_MATCHING_SUBSCRIBERS;
  }

  private static String key(String clientId, int packetId) {
    return clientId + '\u0000' + packetId;
  }
}
