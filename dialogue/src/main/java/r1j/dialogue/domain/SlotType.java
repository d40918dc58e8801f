package r1j.dialogue.domain;

import java.util.Locale;

/** What kind of value a slot holds, and so how rules find it and which JSON type the model must write. */
public enum SlotType {
    TEXT, NUMBER, ENUM, BOOLEAN, DATE, LIST;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
