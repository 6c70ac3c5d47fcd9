package dev.hibiki.ffmpeg;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FfmpegLibraryTest {

    @Test
    void errorsCarryFfmpegsTextAndTheCode() {
        assertThat(FfmpegLibrary.error(FfmpegLibrary.EAGAIN)).isEqualTo("Resource temporarily unavailable (-11)");
        assertThat(FfmpegLibrary.error(-22)).isEqualTo("Invalid argument (-22)");
    }

    @Test
    void checkPassesResultsOnAndThrowsTheCallersExceptionForErrors() {
        assertThat(FfmpegLibrary.check(7, "open", IllegalStateException::new)).isEqualTo(7);
        assertThatThrownBy(() -> FfmpegLibrary.check(-22, "open the output", IllegalStateException::new))
                .isInstanceOf(IllegalStateException.class).hasMessage("open the output: Invalid argument (-22)");
        assertThat(FfmpegLibrary.notNull("x", "alloc", IllegalStateException::new)).isEqualTo("x");
        assertThatThrownBy(() -> FfmpegLibrary.notNull(null, "alloc a frame", IllegalArgumentException::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("alloc a frame");
    }
}
