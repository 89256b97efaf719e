package livemapbot.discord.hosting;

import livemapbot.cad.CadException;
import livemapbot.config.ApiVersion;
import livemapbot.config.Secret;
import livemapbot.discord.BotCommand;
import livemapbot.discord.ChannelPermissions;
import livemapbot.discord.ComponentId;
import livemapbot.discord.EmbedText;
import livemapbot.discord.Replies;
import livemapbot.discord.Work;
import livemapbot.hosting.GuildSetup;
import livemapbot.hosting.Hosting;
import livemapbot.store.StoreException;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.selections.EntitySelectMenu;
import net.dv8tion.jda.api.components.selections.StringSelectMenu;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.DefaultMemberPermissions;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.interactions.commands.build.SubcommandData;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * {@code /livemap setup|roles|channels|show|forget} (multi-community mode): a guild's admins set
 * the bot up from Discord. Only members with Discord's Manage Server permission, checked on every
 * command, form and button (the command is also registered with that default permission, so others
 * do not see it). The API key is never shown again, not even to admins.
 */
public final class LivemapCommand implements BotCommand {
    private static final Logger LOG = LoggerFactory.getLogger(LivemapCommand.class);
    public static final String NAME = "livemap";
    static final String SETUP = "setup";
    static final String ROLES = "roles";
    static final String CHANNELS = "channels";
    static final String SHOW = "show";
    static final String FORGET = "forget";
    /** Form and input ids. */
    static final String COMMUNITY = "community";
    static final String KEY = "key";
    static final String VERSION = "version";
    static final String VIEW = "view";
    static final String EDIT = "edit";
    static final String DEPLOY = "deploy";
    static final String ANNOUNCE = "announce";
    static final String AUDIT = "audit";
    /** Forget's buttons. */
    static final String FORGET_SETTINGS = "forget";
    static final String FORGET_ALL = "forgetall";
    static final String FORGET_CANCEL = "keep";
    private static final Duration FORM_LIFETIME = Duration.ofMinutes(15);
    /** Sonoran's answer to a set-up must arrive within Discord's patience and ours (15 s from the submit). */
    static final Duration VERIFY_BUDGET = Duration.ofSeconds(12);

    static final String MANAGE_SERVER_ONLY = "Only members with the **Manage Server** permission can set up the bot.";
    static final String SET_UP_FIRST = "Set the bot up first: `/livemap setup`.";
    static final String KEY_NOT_SHOWN = "saved (never shown again)";

    /**
     * Runs the checks against Sonoran, so a set-up can be answered when Sonoran is slow (the check
     * finishes in the background, its result unused). Few: set-ups are rare, and each is bounded.
     */
    private static final java.util.concurrent.ThreadPoolExecutor VERIFIER = new java.util.concurrent.ThreadPoolExecutor(
            0, 4, 30, TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "livemap-setup-check");
                t.setDaemon(true);
                return t;
            });

    private final Hosting hosting;
    private final ExecutorService workers;
    private final Clock clock;

    public LivemapCommand(Hosting hosting, ExecutorService workers, Clock clock) {
        this.hosting = hosting;
        this.workers = workers;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SlashCommandData definition() {
        return Commands.slash(NAME, "Set up livemap-bot for this server (Manage Server only)")
                .addSubcommands(
                        new SubcommandData(SETUP, "Connect this server to its Sonoran CAD community (checked before saving)"),
                        new SubcommandData(ROLES, "Choose who may view, edit and deploy"),
                        new SubcommandData(CHANNELS, "Choose the announcement and audit channels"),
                        new SubcommandData(SHOW, "Show this server's settings (the API key stays hidden)"),
                        new SubcommandData(FORGET, "Delete this server's settings and API key"))
                .setDefaultPermissions(DefaultMemberPermissions.enabledFor(Permission.MANAGE_SERVER))
                .setContexts(InteractionContextType.GUILD);
    }

    /** Manage Server, checked on every interaction; refuses (ephemeral) otherwise. */
    private static boolean admitted(IReplyCallback event) {
        Member member = event.getMember();
        if (member != null && member.hasPermission(Permission.MANAGE_SERVER)) {
            return true;
        }
        event.replyEmbeds(Replies.refusal(MANAGE_SERVER_ONLY)).setEphemeral(true).queue();
        return false;
    }

    @Override
    public void onSlash(SlashCommandInteractionEvent event) {
        if (!admitted(event)) {
            return;
        }
        long guild = event.getGuild().getIdLong();
        Optional<GuildSetup> setup = hosting.find(guild);
        String sub = event.getSubcommandName() == null ? "" : event.getSubcommandName();
        switch (sub) {
            case SETUP -> event.replyModal(setupForm(setup)).queue();
            case ROLES -> ifSetUp(event, setup, s -> event.replyModal(rolesForm(s)).queue());
            case CHANNELS -> ifSetUp(event, setup, s -> event.replyModal(channelsForm(s)).queue());
            case SHOW -> ifSetUp(event, setup, s -> event.replyEmbeds(show(s)).setEphemeral(true).queue());
            case FORGET -> ifSetUp(event, setup, s -> event.replyEmbeds(new EmbedBuilder()
                            .setColor(Replies.WARNING)
                            .setTitle("Forget this server's settings?")
                            .setDescription("**Forget settings and key** deletes the community id, the API key, the "
                                    + "roles and the channels; the change history stays.\n**Forget everything** also "
                                    + "deletes the change history (/maphistory) for good.")
                            .build())
                    .addComponents(ActionRow.of(
                            Button.danger(id(FORGET_SETTINGS), "Forget settings and key"),
                            Button.danger(id(FORGET_ALL), "Forget everything, history too"),
                            Button.secondary(id(FORGET_CANCEL), "Cancel")))
                    .setEphemeral(true).queue());
            default -> event.reply("Unknown subcommand.").setEphemeral(true).queue();
        }
    }

    private interface WithSetup {
        void accept(GuildSetup setup);
    }

    private static void ifSetUp(IReplyCallback event, Optional<GuildSetup> setup, WithSetup then) {
        if (setup.isEmpty()) {
            event.reply(SET_UP_FIRST).setEphemeral(true).queue();
        } else {
            then.accept(setup.get());
        }
    }

    private String id(String action) {
        return new ComponentId(NAME, action, "", clock.instant().plus(FORM_LIFETIME)).encode();
    }

    // ---- forms ---------------------------------------------------------------------------------

    private Modal setupForm(Optional<GuildSetup> current) {
        TextInput.Builder community = TextInput.create(COMMUNITY, TextInputStyle.SHORT)
                .setRequired(true).setRequiredRange(1, 100).setPlaceholder("Admin › In-Game Integration › API");
        current.ifPresent(s -> community.setValue(s.communityId()));
        TextInput key = TextInput.create(KEY, TextInputStyle.SHORT).setRequired(true).setRequiredRange(1, 200)
                .setPlaceholder(current.isPresent() ? "Enter the key again to change anything" : "Your API key")
                .build();
        ApiVersion version = current.map(GuildSetup::apiVersion).orElse(ApiVersion.V1);
        StringSelectMenu versions = StringSelectMenu.create(VERSION)
                .addOption("v1 (POST /general/…)", "v1")
                .addOption("v2 (/v2/general/servers)", "v2")
                .setDefaultValues(version == ApiVersion.V2 ? "v2" : "v1")
                .setRequiredRange(1, 1)
                .build();
        return Modal.create(id(SETUP), "Connect to Sonoran CAD")
                .addComponents(Label.of("Community id", community.build()), Label.of("API key", key),
                        Label.of("API version", versions))
                .build();
    }

    private Modal rolesForm(GuildSetup setup) {
        return Modal.create(id(ROLES), "Who may use the bot")
                .addComponents(
                        Label.of("View (/servers, /maphistory)", "None chosen = every member", roleMenu(VIEW, setup.viewRoleIds())),
                        Label.of("Edit (/setmap, /maprollback)", "None chosen = nobody", roleMenu(EDIT, setup.editRoleIds())),
                        Label.of("Deploy (/deploymap)", "None chosen = nobody", roleMenu(DEPLOY, setup.deployRoleIds())))
                .build();
    }

    private static EntitySelectMenu roleMenu(String id, Set<Long> current) {
        EntitySelectMenu.Builder menu = EntitySelectMenu.create(id, EntitySelectMenu.SelectTarget.ROLE)
                .setRequired(false).setRequiredRange(0, 25);
        if (!current.isEmpty()) {
            menu.setDefaultValues(current.stream().limit(25).map(EntitySelectMenu.DefaultValue::role).toList());
        }
        return menu.build();
    }

    private Modal channelsForm(GuildSetup setup) {
        return Modal.create(id(CHANNELS), "Where the bot posts")
                .addComponents(
                        Label.of("Announcements (/deploymap)", "None = the channel the command was used in",
                                channelMenu(ANNOUNCE, setup.announceChannelId())),
                        Label.of("Audit (every change)", "None = no audit posts", channelMenu(AUDIT, setup.auditChannelId())))
                .build();
    }

    private static EntitySelectMenu channelMenu(String id, OptionalLong current) {
        EntitySelectMenu.Builder menu = EntitySelectMenu.create(id, EntitySelectMenu.SelectTarget.CHANNEL)
                .setChannelTypes(ChannelType.TEXT, ChannelType.NEWS)
                .setRequired(false).setRequiredRange(0, 1);
        current.ifPresent(c -> menu.setDefaultValues(EntitySelectMenu.DefaultValue.channel(c)));
        return menu.build();
    }

    // ---- submits -------------------------------------------------------------------------------

    @Override
    public void onModal(ModalInteractionEvent event, ComponentId id) {
        if (!admitted(event)) {
            return;
        }
        if (id.isExpired(clock.instant())) {
            event.reply("This form has expired; run the command again.").setEphemeral(true).queue();
            return;
        }
        long guild = event.getGuild().getIdLong();
        switch (id.action()) {
            case SETUP -> setUp(event, guild);
            case ROLES -> saveRoles(event, guild);
            case CHANNELS -> saveChannels(event, guild);
            default -> event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
        }
    }

    private void setUp(ModalInteractionEvent event, long guild) {
        long clicked = System.nanoTime();
        String community = text(event, COMMUNITY).trim();
        String typedKey = text(event, KEY).trim();
        Secret candidate = Secret.candidate(typedKey);
        ApiVersion version = "v2".equals(choice(event, VERSION)) ? ApiVersion.V2 : ApiVersion.V1;
        event.deferReply(true).queue();
        InteractionHook hook = event.getHook();
        Work.submit(workers, clicked, guarded(hook, () -> {
            Hosting.Verified verified;
            try {
                verified = CompletableFuture.supplyAsync(() -> {
                    try {
                        return hosting.verify(community, candidate, version);
                    } catch (CadException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, VERIFIER).orTimeout(VERIFY_BUDGET.toMillis(), TimeUnit.MILLISECONDS).join();
            } catch (java.util.concurrent.RejectedExecutionException e) {
                hook.editOriginal("Several set-ups are being checked right now; try again in a minute.").queue();
                return;
            } catch (java.util.concurrent.CompletionException e) {
                String why = e.getCause() instanceof CadException cad ? cad.userMessage()
                        : e.getCause() instanceof TimeoutException ? "Sonoran did not answer in time." : "The check failed.";
                hook.editOriginalEmbeds(Replies.error("Not saved: Sonoran refused these settings",
                        EmbedText.fit(why + " Check the community id, the API key and the API version "
                                + "(Admin › In-Game Integration › API), then run `/livemap setup` again.",
                                EmbedText.DESCRIPTION))).queue();
                return;
            }
            Optional<GuildSetup> before = hosting.find(guild);
            GuildSetup setup = new GuildSetup(guild, community, Secret.of(typedKey), version,
                    before.map(GuildSetup::viewRoleIds).orElse(Set.of()),
                    before.map(GuildSetup::editRoleIds).orElse(Set.of()),
                    before.map(GuildSetup::deployRoleIds).orElse(Set.of()),
                    before.map(GuildSetup::announceChannelId).orElse(OptionalLong.empty()),
                    before.map(GuildSetup::auditChannelId).orElse(OptionalLong.empty()),
                    verified.plan().name(), clock.instant(), null);
            if (!saved(hook, () -> hosting.save(setup))) {
                return;
            }
            List<String> names = verified.serverNames();
            String servers = names.isEmpty() ? (verified.plan().canViewServers() ? "no servers yet" : "not readable on this plan")
                    : names.size() + ": " + names.stream().limit(10).map(EmbedText::escape).collect(Collectors.joining(", "))
                    + (names.size() > 10 ? ", …" : "");
            hook.editOriginalEmbeds(new EmbedBuilder()
                    .setColor(Replies.SUCCESS)
                    .setTitle("Connected to Sonoran CAD")
                    .addField("Community", EmbedText.literalValue(community), true)
                    .addField("Plan", EmbedText.value(verified.plan().name()), true)
                    .addField("API", version.name().toLowerCase(), true)
                    .addField("Servers", EmbedText.fit(servers, EmbedText.FIELD_VALUE), false)
                    .addField("Next", "`/livemap roles` chooses who may view, edit and deploy (until then: everyone "
                            + "may view, nobody may edit). `/livemap channels` chooses where the bot posts.", false)
                    .build()).queue();
        }), why -> hook.editOriginal(why).queue());
    }

    private void saveRoles(ModalInteractionEvent event, long guild) {
        Optional<GuildSetup> current = hosting.find(guild);
        if (current.isEmpty()) {
            event.reply(SET_UP_FIRST).setEphemeral(true).queue();
            return;
        }
        GuildSetup s = current.get();
        GuildSetup next = new GuildSetup(guild, s.communityId(), s.apiKey(), s.apiVersion(), ids(event, VIEW),
                ids(event, EDIT), ids(event, DEPLOY), s.announceChannelId(), s.auditChannelId(), s.plan(), s.verifiedAt(),
                null);
        saveThenShow(event, next, "Roles saved");
    }

    private void saveChannels(ModalInteractionEvent event, long guild) {
        Optional<GuildSetup> current = hosting.find(guild);
        if (current.isEmpty()) {
            event.reply(SET_UP_FIRST).setEphemeral(true).queue();
            return;
        }
        OptionalLong announce = first(ids(event, ANNOUNCE));
        OptionalLong audit = first(ids(event, AUDIT));
        // The bot must be able to post where it is told to: checked now, not at the first deploy.
        List<String> problems = new ArrayList<>();
        checkPostable(event.getGuild(), announce, "Announcements", problems);
        checkPostable(event.getGuild(), audit, "Audit", problems);
        if (!problems.isEmpty()) {
            event.replyEmbeds(Replies.error("Not saved", String.join("\n", problems))).setEphemeral(true).queue();
            return;
        }
        GuildSetup s = current.get();
        GuildSetup next = new GuildSetup(guild, s.communityId(), s.apiKey(), s.apiVersion(), s.viewRoleIds(),
                s.editRoleIds(), s.deployRoleIds(), announce, audit, s.plan(), s.verifiedAt(), null);
        saveThenShow(event, next, "Channels saved");
    }

    private static void checkPostable(Guild guild, OptionalLong channelId, String what, List<String> problems) {
        if (channelId.isEmpty()) {
            return;
        }
        GuildChannel channel = guild.getGuildChannelById(channelId.getAsLong());
        if (channel == null) {
            problems.add(what + ": the bot cannot see <#" + channelId.getAsLong() + ">.");
            return;
        }
        List<String> missing = new ArrayList<>();
        ChannelPermissions.TO_POST_EMBEDS.forEach((permission, label) -> {
            if (!guild.getSelfMember().hasPermission(channel, permission)) {
                missing.add(label);
            }
        });
        if (!missing.isEmpty()) {
            problems.add(what + ": the bot lacks " + String.join(", ", missing) + " in <#" + channel.getId()
                    + ">. Give it these permissions there, or choose another channel.");
        }
    }

    private void saveThenShow(ModalInteractionEvent event, GuildSetup next, String title) {
        long clicked = System.nanoTime();
        event.deferReply(true).queue();
        InteractionHook hook = event.getHook();
        Work.submit(workers, clicked, guarded(hook, () -> {
            if (saved(hook, () -> hosting.save(next))) {
                hook.editOriginalEmbeds(show(next, title)).queue();
            }
        }), why -> hook.editOriginal(why).queue());
    }

    // ---- forget --------------------------------------------------------------------------------

    @Override
    public void onButton(ButtonInteractionEvent event, ComponentId id) {
        if (!admitted(event)) {
            return;
        }
        if (FORGET_CANCEL.equals(id.action())) {
            event.editMessage("Nothing was deleted.").setEmbeds().setComponents().queue();
            return;
        }
        if (id.isExpired(clock.instant())) {
            event.editMessage("These buttons have expired; run `/livemap forget` again.").setEmbeds().setComponents()
                    .queue();
            return;
        }
        boolean withHistory = FORGET_ALL.equals(id.action());
        if (!withHistory && !FORGET_SETTINGS.equals(id.action())) {
            event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
            return;
        }
        long guild = event.getGuild().getIdLong();
        long clicked = System.nanoTime();
        event.deferEdit().queue();
        InteractionHook hook = event.getHook();
        Work.submit(workers, clicked, guarded(hook, () -> {
            if (saved(hook, () -> hosting.forget(guild, withHistory))) {
                hook.editOriginal(withHistory
                        ? "Forgotten: this server's settings, API key and change history are deleted."
                        : "Forgotten: this server's settings and API key are deleted; the change history stays.")
                        .setEmbeds().setComponents().queue();
            }
        }), why -> hook.editOriginal(why).setComponents().queue());
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** A bug in a worker task is logged and said, never left as "thinking…". */
    private static Runnable guarded(InteractionHook hook, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("/livemap failed", e);
                hook.editOriginalEmbeds(Replies.internalError()).setComponents().queue();
            }
        };
    }

    private interface StoreStep {
        void run() throws StoreException;
    }

    private static boolean saved(InteractionHook hook, StoreStep step) {
        try {
            step.run();
            return true;
        } catch (StoreException e) {
            LOG.error("/livemap not saved: {}", e.getMessage());
            hook.editOriginalEmbeds(Replies.databaseUnavailable()).setComponents().queue();
            return false;
        }
    }

    private MessageEmbed show(GuildSetup setup) {
        return show(setup, "livemap-bot in this server");
    }

    private MessageEmbed show(GuildSetup setup, String title) {
        return new EmbedBuilder()
                .setColor(Replies.NEUTRAL)
                .setTitle(title)
                .addField("Community", EmbedText.literalValue(setup.communityId()), true)
                .addField("API key", KEY_NOT_SHOWN, true)
                .addField("API", setup.apiVersion().name().toLowerCase(), true)
                .addField("Plan", setup.plan() == null ? "unknown" : EmbedText.value(setup.plan()), true)
                .addField("Last verified", "<t:" + setup.verifiedAt().getEpochSecond() + ":R>", true)
                .addField("View", roles(setup.viewRoleIds(), "every member"), false)
                .addField("Edit", roles(setup.editRoleIds(), "nobody"), true)
                .addField("Deploy", roles(setup.deployRoleIds(), "nobody"), true)
                .addField("Announcements", channel(setup.announceChannelId(), "the channel the command is used in"), false)
                .addField("Audit", channel(setup.auditChannelId(), "none"), true)
                .build();
    }

    private static String roles(Set<Long> ids, String none) {
        return ids.isEmpty() ? none
                : EmbedText.fit(ids.stream().map(id -> "<@&" + id + ">").collect(Collectors.joining(" ")), EmbedText.FIELD_VALUE);
    }

    private static String channel(OptionalLong id, String none) {
        return id.isPresent() ? "<#" + id.getAsLong() + ">" : none;
    }

    private static String text(ModalInteractionEvent event, String id) {
        ModalMapping value = event.getValue(id);
        return value == null || value.getAsString() == null ? "" : value.getAsString();
    }

    private static String choice(ModalInteractionEvent event, String id) {
        ModalMapping value = event.getValue(id);
        List<String> chosen = value == null ? List.of() : value.getAsStringList();
        return chosen.isEmpty() ? "" : chosen.get(0);
    }

    private static Set<Long> ids(ModalInteractionEvent event, String id) {
        ModalMapping value = event.getValue(id);
        return value == null ? Set.of() : new LinkedHashSet<>(value.getAsLongList());
    }

    private static OptionalLong first(Set<Long> ids) {
        return ids.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ids.iterator().next());
    }

}
