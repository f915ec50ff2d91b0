package dev.loyaltykit.examples;

import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.json.ProgramJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads the examples' program definitions from {@code src/main/resources/programs/}, so that
 * each example's program is a working JSON file.
 */
public final class Programs {
    private Programs() {
    }

    /**
     * Reads {@code /programs/<name>.json} from the class path.
     *
     * @param name the file name without {@code .json}, e.g. {@code coffee-shop}
     * @return the definition
     * @throws IllegalArgumentException if there is no such file
     * @throws dev.loyaltykit.rules.json.ProgramDefinitionException if the file is not a valid program
     */
    public static ProgramDefinition load(String name) {
        String resource = "/programs/" + name + ".json";
        try (InputStream in = Programs.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no program " + resource + " on the class path");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return ProgramJson.read(reader);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
