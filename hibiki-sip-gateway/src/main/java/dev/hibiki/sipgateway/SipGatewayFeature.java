package dev.hibiki.sipgateway;

import dev.hibiki.platform.Feature;
import dev.hibiki.platform.Platform;
import dev.hibiki.platform.config.Setting;
import dev.hibiki.platform.persistence.MigrationFolder;

import java.util.List;
import java.util.Optional;

/** The SIP→RTMP gateway as a feature: its REST API, its applications table and {@code hibiki sip}. */
public final class SipGatewayFeature implements Feature {

    /** sip_apps was V4 of the single migration sequence. */
    static final MigrationFolder MIGRATIONS = new MigrationFolder("sipgateway", List.of(4));

    private SipService sip;

    @Override
    public String name() {
        return "sip-gateway";
    }

    @Override
    public List<Setting> settings() {
        return SipGatewaySettings.ALL;
    }

    @Override
    public Optional<MigrationFolder> migrations() {
        return Optional.of(MIGRATIONS);
    }

    @Override
    public List<Class<?>> commands() {
        return List.of(SipCommand.class);
    }

    @Override
    public void start(Platform platform) {
        sip = new SipService(platform.settings(SipSettings.class), platform.jdbi(), platform.bearer(),
                platform.events());
        sip.bindMetrics(platform.metrics());
        platform.routes(sip::register);
    }

    /** The running gateway, for tests. */
    public SipService service() {
        return sip;
    }

    @Override
    public void stop() {
        if (sip != null) sip.close();
    }
}
