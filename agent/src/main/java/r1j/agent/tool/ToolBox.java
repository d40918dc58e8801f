package r1j.agent.tool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tools a server offers, by function name, in declaration order. Immutable. */
public final class ToolBox {
    private static final ToolBox EMPTY = new ToolBox(List.of());

    private final Map<String, Tool> byName = new LinkedHashMap<>();

    /** @throws IllegalArgumentException when two tools share a function name */
    public ToolBox(List<? extends Tool> tools) {
        for (Tool tool : tools) {
            String name = tool.function().name();
            if (byName.putIfAbsent(name, tool) != null) {
                throw new IllegalArgumentException("two tools are named '" + name + "'");
            }
        }
    }

    public static ToolBox empty() {
        return EMPTY;
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<ToolFunction> functions() {
        return byName.values().stream().map(Tool::function).toList();
    }

    public boolean isEmpty() {
        return byName.isEmpty();
    }

    public int size() {
        return byName.size();
    }
}
