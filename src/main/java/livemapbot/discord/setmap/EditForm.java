package livemapbot.discord.setmap;

import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import livemapbot.discord.ComponentId;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.selections.StringSelectMenu;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.modals.Modal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The two edit forms (modals) behind the Edit and More settings buttons of a {@code /servers}
 * detail card. Discord allows at most five top-level components in a modal, so the nine settings
 * are split: {@link #MAIN} holds what staff change most (name, description, the Live Map switch,
 * type and URL), {@link #MORE} the game-server connection (map IP, listener port, differing
 * outbound, outbound IP), the fields the FiveM resource rewrites at every start anyway.
 *
 * <p>Each form is pre-filled with the server as the card showed it; on submit only the fields
 * whose value differs from that count as changes ({@link #request}), and they go through the same
 * validation and preview as {@code /setmap}.
 */
public enum EditForm {
    MAIN("edit", "form", "Edit", "Edit server #"),
    MORE("more", "formmore", "More settings", "More settings: server #");

    /** The longest modal title Discord takes. */
    static final int TITLE_MAX = 45;
    private static final int TEXT_INPUT_MAX = 4000;
    private static final String YES = "true";
    private static final String NO = "false";

    private final String buttonAction;
    private final String modalAction;
    private final String buttonLabel;
    private final String title;

    EditForm(String buttonAction, String modalAction, String buttonLabel, String title) {
        this.buttonAction = buttonAction;
        this.modalAction = modalAction;
        this.buttonLabel = buttonLabel;
        this.title = title;
    }

    public String buttonAction() {
        return buttonAction;
    }

    public String modalAction() {
        return modalAction;
    }

    public static Optional<EditForm> ofButton(String action) {
        for (EditForm form : values()) {
            if (form.buttonAction.equals(action)) {
                return Optional.of(form);
            }
        }
        return Optional.empty();
    }

    public static Optional<EditForm> ofModal(String action) {
        for (EditForm form : values()) {
            if (form.modalAction.equals(action)) {
                return Optional.of(form);
            }
        }
        return Optional.empty();
    }

    /** The settings this form shows, in order. */
    public List<ServerField> fields() {
        return switch (this) {
            case MAIN -> List.of(ServerField.NAME, ServerField.DESCRIPTION, ServerField.ENABLE_MAP,
                    ServerField.MAP_TYPE, ServerField.MAP_URL);
            case MORE -> List.of(ServerField.MAP_IP, ServerField.LISTENER_PORT, ServerField.DIFFERING_OUTBOUND,
                    ServerField.OUTBOUND_IP);
        };
    }

    /**
     * The Edit and More settings buttons of server {@code serverId}'s detail card, for a member
     * who may edit; handled by {@code /setmap}.
     */
    public static ActionRow buttons(int serverId, Instant expiresAt) {
        List<Button> buttons = new ArrayList<>();
        for (EditForm form : values()) {
            String id = new ComponentId(SetMapCommand.NAME, form.buttonAction, Integer.toString(serverId), expiresAt)
                    .encode();
            buttons.add(form == MAIN ? Button.primary(id, form.buttonLabel) : Button.secondary(id, form.buttonLabel));
        }
        return ActionRow.of(buttons);
    }

    /** This form pre-filled with {@code server}'s current values; {@code modalId} comes back on submit. */
    public Modal modal(ServerEntry server, String modalId) {
        List<Label> labels = new ArrayList<>();
        for (ServerField field : fields()) {
            labels.add(Label.of(label(field), input(field, server)));
        }
        String heading = title + server.id();
        return Modal.create(modalId, heading.length() > TITLE_MAX ? heading.substring(0, TITLE_MAX) : heading)
                .addComponents(labels)
                .build();
    }

    private static String label(ServerField field) {
        return switch (field) {
            case ENABLE_MAP -> "Live Map enabled";
            case MAP_IP -> "Map IP (game server IP or host name)";
            case OUTBOUND_IP -> "Outbound IP (only with a differing outbound)";
            default -> field.label();
        };
    }

    private static net.dv8tion.jda.api.components.label.LabelChildComponent input(ServerField field,
                                                                                    ServerEntry server) {
        String current = server.display(field);
        return switch (field) {
            case ENABLE_MAP, DIFFERING_OUTBOUND -> StringSelectMenu.create(field.jsonName())
                    .addOption("Yes", YES)
                    .addOption("No", NO)
                    .setDefaultValues(isTrue(server, field) ? YES : NO)
                    .build();
            case MAP_TYPE -> {
                StringSelectMenu.Builder menu = StringSelectMenu.create(field.jsonName());
                for (String type : ServerEntry.MAP_TYPES) {
                    menu.addOption(type, type);
                }
                if (!current.isEmpty() && !ServerEntry.MAP_TYPES.contains(current) && current.length() <= 100) {
                    // kept as the CAD has it; the label is cut so " (current)" fits Discord's 100 characters
                    menu.addOption(livemapbot.text.Text.cut(current, 100 - " (current)".length()) + " (current)", current);
                }
                if (menu.getOptions().stream().anyMatch(o -> o.getValue().equals(current))) {
                    menu.setDefaultValues(current);
                }
                yield menu.build();
            }
            default -> {
                int limit = switch (field) {
                    case NAME -> SetMapValidator.NAME_MAX;
                    case DESCRIPTION -> SetMapValidator.DESCRIPTION_MAX;
                    case MAP_URL -> SetMapValidator.URL_MAX;
                    case LISTENER_PORT -> 5;
                    default -> 253;
                };
                // A longer value in the CAD is shown whole (up to Discord's limit); validation says what is too long.
                int max = Math.min(TEXT_INPUT_MAX, Math.max(limit, current.length()));
                TextInput.Builder text = TextInput.create(field.jsonName(),
                                field == ServerField.DESCRIPTION ? TextInputStyle.PARAGRAPH : TextInputStyle.SHORT)
                        .setRequired(field == ServerField.NAME)
                        .setMaxLength(max);
                if (!current.isEmpty()) {
                    text.setValue(current.length() > max ? current.substring(0, max) : current);
                }
                yield text.build();
            }
        };
    }

    private static boolean isTrue(ServerEntry server, ServerField field) {
        return field == ServerField.ENABLE_MAP ? server.enableMap() : server.differingOutbound();
    }

    /** What a submit of this form asks for. */
    public record Submitted(SetMapRequest request, List<String> problems) {
    }

    /**
     * The change a submit asks for: every field of this form whose submitted value differs from
     * {@code seen} (what the form was pre-filled with), as a {@code /setmap} request for server
     * {@code seen}; fields left as they were are not part of it. {@code valueOf} gives a field's
     * submitted text (a select's first value), empty when the submit lacks it.
     */
    public Submitted request(ServerEntry seen, Function<String, Optional<String>> valueOf) {
        Boolean enableMap = null;
        Boolean differingOutbound = null;
        String mapType = null;
        String mapIp = null;
        Long listenerPort = null;
        String outboundIp = null;
        String mapUrl = null;
        String name = null;
        String description = null;
        List<String> problems = new ArrayList<>();
        for (ServerField field : fields()) {
            Optional<String> submitted = valueOf.apply(field.jsonName());
            if (submitted.isEmpty()) {
                continue;
            }
            String raw = submitted.get();
            String value = field == ServerField.DESCRIPTION ? raw : raw.strip();
            switch (field) {
                case ENABLE_MAP, DIFFERING_OUTBOUND -> {
                    boolean wanted = YES.equals(value);
                    if (wanted != isTrue(seen, field)) {
                        if (field == ServerField.ENABLE_MAP) {
                            enableMap = wanted;
                        } else {
                            differingOutbound = wanted;
                        }
                    }
                }
                default -> {
                    if (value.equals(seen.display(field))) {
                        continue;
                    }
                    switch (field) {
                        case NAME -> name = value;
                        case DESCRIPTION -> description = value;
                        case MAP_TYPE -> mapType = value;
                        case MAP_URL -> mapUrl = value;
                        case MAP_IP -> mapIp = value;
                        case OUTBOUND_IP -> outboundIp = value;
                        case LISTENER_PORT -> {
                            try {
                                listenerPort = Long.parseLong(value);
                            } catch (NumberFormatException e) {
                                problems.add("`listener-port`: must be a port from " + SetMapValidator.PORT_MIN
                                        + " to " + SetMapValidator.PORT_MAX + ".");
                            }
                        }
                        default -> throw new IllegalStateException("unhandled field " + field);
                    }
                }
            }
        }
        return new Submitted(new SetMapRequest(seen.id(), enableMap, mapType, mapIp, listenerPort, differingOutbound,
                outboundIp, mapUrl, name, description, null), problems);
    }
}
