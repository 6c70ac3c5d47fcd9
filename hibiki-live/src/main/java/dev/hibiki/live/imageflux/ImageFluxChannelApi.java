package dev.hibiki.live.imageflux;

import dev.hibiki.net.OutboundAddressPolicy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hibiki.live.channel.Channel;
import dev.hibiki.live.channel.ArchiveDestinationCheck;
import dev.hibiki.live.channel.ChannelKind;
import dev.hibiki.live.channel.ChannelSpec;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.platform.http.ApiCall;
import dev.hibiki.platform.http.ApiException;
import dev.hibiki.platform.http.ErrorCode;
import dev.hibiki.platform.http.JsonFields;
import dev.hibiki.platform.http.PublicUrls;
import dev.hibiki.platform.http.SoraTargetDispatcher;
import dev.hibiki.live.hls.HlsService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ImageFlux Live Streaming channel operations (see docs/API.md and the ImageFlux API reference). */
public final class ImageFluxChannelApi {

    public static final String CREATE_CHANNEL = "ImageFlux_20180905.CreateChannel";
    public static final String CREATE_MULTISTREAM_CHANNEL = "ImageFlux_20200316.CreateMultistreamChannel";
    public static final String CREATE_MULTISTREAM_CHANNEL_WITH_HLS = "ImageFlux_20200316.CreateMultistreamChannelWithHLS";
    public static final String DELETE_CHANNEL = "ImageFlux_20180501.DeleteChannel";
    public static final String LIST_CHANNEL_IDS = "ImageFlux_20200729.ListChannelIDs";
    public static final String LIST_PLAYLIST_URLS = "ImageFlux_20200207.ListPlaylistURLs";

    private final ChannelService channels;
    private final PublicUrls urls;
    private final java.util.function.Consumer<String> disconnectChannel;
    private final java.util.function.Function<String, List<HlsService.Playlist>> livePlaylists;
    private final OutboundAddressPolicy webhookPolicy;
    private java.util.function.Supplier<ArchiveDestinationCheck> archiveDestinations = () -> ArchiveDestinationCheck.NONE;

    /** @param disconnectChannel closes the live connections of a deleted channel */
    public ImageFluxChannelApi(ChannelService channels, PublicUrls urls, java.util.function.Consumer<String> disconnectChannel,
                               OutboundAddressPolicy webhookPolicy) {
        this(channels, urls, disconnectChannel, id -> List.of(), webhookPolicy);
    }

    /**
     * @param disconnectChannel closes the live connections of a deleted channel and removes its HLS output
     * @param livePlaylists     the HLS outputs running in a channel, one per publishing connection
     * @param webhookPolicy     where channels' webhooks may point
     */
    public ImageFluxChannelApi(ChannelService channels, PublicUrls urls, java.util.function.Consumer<String> disconnectChannel,
                               java.util.function.Function<String, List<HlsService.Playlist>> livePlaylists,
                               OutboundAddressPolicy webhookPolicy) {
        this.webhookPolicy = webhookPolicy;
        this.channels = channels;
        this.urls = urls;
        this.disconnectChannel = disconnectChannel;
        this.livePlaylists = livePlaylists;
    }

    /** Where {@code hls[].archive.archive_destination_id} is checked (looked up at each request). */
    public ImageFluxChannelApi archiveDestinations(java.util.function.Supplier<ArchiveDestinationCheck> check) {
        this.archiveDestinations = check;
        return this;
    }

    public void registerWith(SoraTargetDispatcher dispatcher) {
        dispatcher.register(CREATE_CHANNEL, this::createChannel)
                .register(CREATE_MULTISTREAM_CHANNEL, call -> createMultistream(call, ChannelKind.MULTISTREAM))
                .register(CREATE_MULTISTREAM_CHANNEL_WITH_HLS, call -> createMultistream(call, ChannelKind.MULTISTREAM_HLS))
                .register(DELETE_CHANNEL, this::deleteChannel)
                .register(LIST_CHANNEL_IDS, this::listChannelIds)
                .register(LIST_PLAYLIST_URLS, this::listPlaylistUrls);
    }

    /** Every archive destination a rendition names must be one of the caller's. */
    private ChannelSpec checkArchives(String tokenId, ChannelSpec spec) {
        ArchiveDestinationCheck check = archiveDestinations.get();
        for (int i = 0; i < spec.hls().size(); i++) {
            String id = spec.hls().get(i).archiveDestinationId();
            if (id != null && !check.exists(tokenId, id)) {
                throw new ApiException(ErrorCode.ARCHIVE_DESTINATION_NOT_FOUND, "hls[" + i
                        + "].archive.archive_destination_id " + "\"" + id + "\"" + " is not an archive destination"
                        + " of this token; create one with ImageFlux_20190205.CreateArchiveDestination, or give \"\""
                        + " for no archive");
            }
        }
        return spec;
    }

    private Object createChannel(ApiCall call) {
        Channel channel = channels.create(call.tokenId(), checkArchives(call.tokenId(),
                ChannelRequestParser.parse(call.body(), ChannelKind.SINGLE_STREAM_HLS, webhookPolicy)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel_id", channel.id());
        out.put("sora_url", urls.signalingUrl());
        out.put("playlist_url", urls.playlistUrl(channel.id(), channel.playlistKey()));
        putIceTransportPolicy(channel, out);
        return out;
    }

    private Object createMultistream(ApiCall call, ChannelKind kind) {
        Channel channel = channels.create(call.tokenId(), checkArchives(call.tokenId(),
                ChannelRequestParser.parse(call.body(), kind, webhookPolicy)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel_id", channel.id());
        out.put("sora_url", urls.signalingUrl());
        putIceTransportPolicy(channel, out);
        return out;
    }

    /** A channel made with its own policy says so; ImageFlux's own answer has no such field. */
    private static void putIceTransportPolicy(Channel channel, Map<String, Object> out) {
        String policy = channel.spec().iceTransportPolicy();
        if (policy != null) out.put("ice_transport_policy", policy);
    }

    private Object deleteChannel(ApiCall call) {
        String id = channelId(call.body());
        if (!channels.delete(call.tokenId(), id)) throw notFound(id);
        disconnectChannel.accept(id);
        return Map.of("channel_id", id);
    }

    private Object listChannelIds(ApiCall call) {
        return Map.of("channel_ids", channels.listIds(call.tokenId()));
    }

    private Object listPlaylistUrls(ApiCall call) {
        String id = channelId(call.body());
        Channel channel = channels.find(call.tokenId(), id).orElseThrow(() -> notFound(id));
        List<Map<String, Object>> hls = new java.util.ArrayList<>();
        for (HlsService.Playlist p : livePlaylists.apply(channel.id())) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("connection_id", p.connectionId());
            entry.put("playlist_url", p.playlistUrl());
            hls.add(entry);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel_id", channel.id());
        out.put("hls", hls);
        return out;
    }

    private static String channelId(ObjectNode body) {
        return JsonFields.requiredText(body, "", "channel_id", 255);
    }

    private static ApiException notFound(String id) {
        return new ApiException(ErrorCode.CHANNEL_NOT_FOUND, "no channel " + id
                + " exists for this access token; list yours with ImageFlux_20200729.ListChannelIDs");
    }
}
