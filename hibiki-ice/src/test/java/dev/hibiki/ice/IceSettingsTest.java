package dev.hibiki.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IceSettingsTest {
    @Test
    void defaultsFollowRfc7675() {
        assertThat(IceSettings.DEFAULT.failedTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(IceSettings.DEFAULT.disconnectedTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void consentTimeoutKeepsTheDisconnectedMarkBelowIt() {
        assertThat(IceSettings.withConsentTimeout(Duration.ofSeconds(60)).disconnectedTimeout())
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(IceSettings.withConsentTimeout(Duration.ofSeconds(3)).disconnectedTimeout())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new IceSettings(Duration.ofSeconds(31), Duration.ofSeconds(30), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IceSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
