package dev.hibiki.platform.cli;

import dev.hibiki.platform.InstalledFeatures;
import dev.hibiki.platform.config.ConfigLoader;
import dev.hibiki.platform.config.ConfigValues;
import dev.hibiki.platform.config.PlatformConfig;
import dev.hibiki.platform.config.Setting;
import dev.hibiki.platform.persistence.Database;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration flags every command accepts: {@code --config FILE} and one flag per key of the platform and of
 * every installed feature (added by {@link #addTo}). They override HIBIKI_* variables and the YAML file.
 */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file")
    Path configFile;

    private InstalledFeatures installed;
    private CommandSpec command;

    /**
     * Gives every command in the tree that mixes in {@code ConfigOptions} a flag per key of {@code installed}; call
     * once, before parsing.
     */
    public static void addTo(CommandLine root, InstalledFeatures installed) {
        CommandSpec spec = root.getCommandSpec();
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof ConfigOptions options) {
                options.installed = installed;
                options.command = spec;
                for (Setting s : installed.settings()) {
                    if (s.flag() == null) continue;
                    spec.addOption(OptionSpec.builder(s.flag()).paramLabel(s.paramLabel()).type(String.class)
                            .description(s.flagDescription()).build());
                }
            }
        }
        root.getSubcommands().values().forEach(sub -> addTo(sub, installed));
    }

    /** Every key's value from defaults, the YAML file, the environment and the flags. */
    public ConfigValues load() {
        return load(System.getenv());
    }

    ConfigValues load(Map<String, String> env) {
        if (installed == null) throw new IllegalStateException("ConfigOptions.addTo was not called for this command");
        Map<Setting, String> flags = new HashMap<>();
        for (Setting s : installed.settings()) {
            if (s.flag() == null) continue;
            OptionSpec option = command.findOption(s.flag());
            Object value = option == null ? null : option.getValue();
            if (value != null) flags.put(s, value.toString());
        }
        return ConfigLoader.load(configFile, env, flags, installed.settings());
    }

    /** Opens the configured database, migrated with every installed feature's migrations, for a CLI command. */
    public Database openDatabase() {
        PlatformConfig cfg = PlatformConfig.from(load());
        ConfigLoader.prepareDataDir(cfg.dataDir());
        return Database.open(cfg.database(), cfg.dataDir(), installed.migrations());
    }
}
