using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace Firebreak.Guardrails;

/// <summary>
/// Finds prompt-injection attempts in text a model will read: tool inputs, tool results, retrieved documents.
/// </summary>
/// <remarks>
/// <para>
/// The text is normalised first, so spacing, case and look-alike characters do not hide a phrase: invisible
/// characters (zero-width, bidirectional controls, Unicode tags) are removed, and their presence is itself a signal;
/// full-width letters become ASCII and the text is NFKC-normalised where the runtime has normalisation data; Cyrillic and Greek letters that look
/// like Latin ones are mapped to them; it is lower-cased and every run of white space becomes one space. Markup is
/// scanned as written, then stripped so that <c>ignore &lt;b&gt;previous&lt;/b&gt; instructions</c> reads as a phrase.
/// </para>
/// <para>The curated patterns (source-generated regexes over the normalised text):</para>
/// <list type="table">
/// <listheader><term>pattern</term><description>what it catches (strength)</description></listheader>
/// <item><term><c>ignore-instructions</c></term><description>"ignore/disregard/forget/override (all) previous/prior/system … instructions/rules/prompts/policies" (strong)</description></item>
/// <item><term><c>role-override</c></term><description>"you are now an unrestricted assistant", "from now on you", "new instructions:", "pretend to be", "developer/DAN mode", "your new task is" (strong)</description></item>
/// <item><term><c>system-prompt</c></term><description>"reveal/print/repeat your system/hidden/initial prompt or instructions" (strong); a bare mention of "system prompt" (weak)</description></item>
/// <item><term><c>chat-template</c></term><description>forged conversation markers: <c>&lt;|im_start|&gt;</c>, <c>[INST]</c>, <c>&lt;&lt;SYS&gt;&gt;</c>, <c>&lt;system&gt;</c>, "### system:" (strong)</description></item>
/// <item><term><c>exfiltration</c></term><description>"send/forward/upload … conversation/credentials/API keys/customer data … to" an address or URL; markdown images whose URL carries a query string (strong)</description></item>
/// <item><term><c>hidden-markup</c></term><description>HTML comments, <c>display:none</c>, <c>visibility:hidden</c>, zero font size, white text (weak)</description></item>
/// <item><term><c>invisible-characters</c></term><description>zero-width, bidirectional-override or Unicode tag characters (weak)</description></item>
/// <item><term><c>addressed-to-model</c></term><description>"note to the AI/assistant/agent", "AI agents must …" (weak)</description></item>
/// <item><term><c>urgent-action</c></term><description>"you must/immediately … issue/refund/transfer/send/delete …" (weak)</description></item>
/// <item><term><c>encoded-payload</c></term><description>a base64 run of 120 characters or more (weak)</description></item>
/// </list>
/// <para>
/// A text is an injection when one strong pattern or two different weak ones match; at the strict policy level any
/// one signal is enough. Support-desk text ("please ignore my previous email", "you are now eligible for a refund",
/// "send me a new password") is not matched: the patterns require the words that address a model.
/// </para>
/// </remarks>
public static partial class InjectionScanner
{
    private static readonly SearchValues<string> TemplateMarkers = SearchValues.Create(["<|", "[inst", "[/inst", "<<sys", "<</sys", "<system", "</system", "##"], StringComparison.Ordinal);
    private static readonly SearchValues<string> MarkupWords = SearchValues.Create(["<!--", "display", "visibility", "font-size", "color"], StringComparison.Ordinal);
    private static readonly SearchValues<string> IgnoreWords = SearchValues.Create(["ignore", "disregard", "forget", "override", "bypass"], StringComparison.Ordinal);
    private static readonly SearchValues<string> RoleWords = SearchValues.Create(["you are now", "from now on", "new ", "pretend", "act as", " mode", "your new", "your real", "your true"], StringComparison.Ordinal);
    private static readonly SearchValues<string> PromptWords = SearchValues.Create(["prompt", "instruction", "message"], StringComparison.Ordinal);
    private static readonly SearchValues<string> ExfiltrationWords = SearchValues.Create([" to http", "@", " to the ", " to this "], StringComparison.Ordinal);
    private static readonly SearchValues<string> ModelWords = SearchValues.Create(["ai", "assistant", "agent", "model", "llm", "bot"], StringComparison.Ordinal);
    private static readonly SearchValues<string> UrgentWords = SearchValues.Create(["you must", "you should", "you need to", "you have to", "immediately", "right now"], StringComparison.Ordinal);

    /// <summary>The longest text scanned; the rest of a longer text is not read, so a huge document costs a bounded time.</summary>
    public const int MaxScannedLength = 256 * 1024;

    /// <summary>The signals in <paramref name="text"/>, each pattern at most once, strong ones first.</summary>
    public static IReadOnlyList<InjectionSignal> Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        var normalized = Normalize(text.Length > MaxScannedLength ? text[..MaxScannedLength] : text, out var hadInvisible);
        List<InjectionSignal>? signals = null;

        // Each regex runs only when the words it needs occur (a vectorised substring search), so ordinary text, which
        // has none of them, costs a few passes of SearchValues rather than a dozen regex scans.
        var span = normalized.AsSpan();
        Add(ref signals, span.ContainsAny(TemplateMarkers) && ChatTemplate().IsMatch(normalized), "chat-template", strong: true);
        Add(ref signals, span.Contains("](", StringComparison.Ordinal) && MarkdownImageExfiltration().IsMatch(normalized), "exfiltration", strong: true);
        Add(ref signals, span.ContainsAny(MarkupWords) && HiddenMarkup().IsMatch(normalized), "hidden-markup", strong: false);
        Add(ref signals, hadInvisible, "invisible-characters", strong: false);
        var plain = span.Contains('<') ? CollapseSpaces(Tag().Replace(normalized, " ")) : normalized;
        var words = plain.AsSpan();
        Add(ref signals, words.ContainsAny(IgnoreWords) && IgnoreInstructions().IsMatch(plain), "ignore-instructions", strong: true);
        Add(ref signals, words.ContainsAny(RoleWords) && RoleOverride().IsMatch(plain), "role-override", strong: true);
        if (words.ContainsAny(PromptWords) && SystemPromptRequest().IsMatch(plain))
        {
            Add(ref signals, true, "system-prompt", strong: true);
        }
        else
        {
            Add(ref signals, words.Contains("system prompt", StringComparison.Ordinal), "system-prompt", strong: false);
        }

        if ((signals is null || !signals.Exists(s => s.Pattern == "exfiltration")) && words.ContainsAny(ExfiltrationWords))
        {
            Add(ref signals, Exfiltration().IsMatch(plain), "exfiltration", strong: true);
        }

        Add(ref signals, words.ContainsAny(ModelWords) && AddressedToModel().IsMatch(plain), "addressed-to-model", strong: false);
        Add(ref signals, words.ContainsAny(UrgentWords) && UrgentAction().IsMatch(plain), "urgent-action", strong: false);
        Add(ref signals, HasLongRun(span, 120) && EncodedPayload().IsMatch(normalized), "encoded-payload", strong: false);
        if (signals is null)
        {
            return [];
        }

        signals.Sort(static (a, b) => b.Strong.CompareTo(a.Strong));
        return signals;
    }

    /// <summary>Whether <paramref name="signals"/> make an injection: one strong or two weak, or any one when <paramref name="strict"/>.</summary>
    public static bool IsInjection(IReadOnlyList<InjectionSignal> signals, bool strict)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (signals.Count == 0)
        {
            return false;
        }

        return strict || signals.Count >= 2 || signals[0].Strong;
    }

    /// <summary>The normalised form the patterns read (see the remarks of <see cref="InjectionScanner"/>).</summary>
    public static string Normalize(string text, out bool hadInvisible)
    {
        ArgumentNullException.ThrowIfNull(text);
        hadInvisible = false;
        var ascii = !text.AsSpan().ContainsAnyExceptInRange('\u0000', '\u007f');
        string folded;
        if (ascii)
        {
            folded = text;
        }
        else
        {
            var visible = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (IsInvisible(c) || (char.IsHighSurrogate(c) && i + 1 < text.Length && IsTag(char.ConvertToUtf32(c, text[i + 1]))))
                {
                    hadInvisible = true;
                    i += char.IsHighSurrogate(c) ? 1 : 0;
                    continue;
                }

                visible.Append(c);
            }

            folded = visible.ToString();
            if (!folded.IsNormalized(NormalizationForm.FormKC))
            {
                folded = folded.Normalize(NormalizationForm.FormKC);
            }
        }

        var lowered = new StringBuilder(folded.Length);
        var space = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                space = lowered.Length > 0;
                continue;
            }

            if (space)
            {
                lowered.Append(' ');
                space = false;
            }

            lowered.Append(ascii ? char.ToLowerInvariant(c) : Confusable(char.ToLowerInvariant(FullWidth(c))));
        }

        return lowered.ToString();
    }

    // NFKC folds these too, but not where the runtime has no normalisation data (invariant globalization).
    private static char FullWidth(char c) => c is >= '\uff01' and <= '\uff5e' ? (char)(c - 0xfee0) : c;

    // A base64 payload is one long run without spaces; most text has no run that long, so the regex is skipped.
    private static bool HasLongRun(ReadOnlySpan<char> text, int length)
    {
        var run = 0;
        foreach (var c in text)
        {
            run = c == ' ' ? 0 : run + 1;
            if (run >= length)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsInvisible(char c) =>
        c is '\u00ad' or '\u034f' or '\u061c' or '\u180e' or '\ufeff'
        || c is >= '\u200b' and <= '\u200f'
        || c is >= '\u202a' and <= '\u202e'
        || c is >= '\u2060' and <= '\u2069';

    private static bool IsTag(int codePoint) => codePoint is >= 0xE0000 and <= 0xE007F;

    // Cyrillic and Greek letters drawn like Latin ones (Unicode confusables), the ones used to dodge keyword filters.
    private static char Confusable(char c) => c switch
    {
        'а' or 'α' => 'a',
        'с' or 'ϲ' => 'c',
        'ԁ' => 'd',
        'е' or 'ε' => 'e',
        'һ' => 'h',
        'і' or 'ι' or 'ı' => 'i',
        'ј' => 'j',
        'κ' => 'k',
        'ο' or 'о' => 'o',
        'р' or 'ρ' => 'p',
        'ѕ' => 's',
        'τ' => 't',
        'υ' => 'u',
        'ν' => 'v',
        'х' or 'χ' => 'x',
        'у' => 'y',
        _ => c,
    };

    private static string CollapseSpaces(string text)
    {
        var collapsed = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == ' ' && (collapsed.Length == 0 || collapsed[^1] == ' '))
            {
                continue;
            }

            collapsed.Append(c);
        }

        return collapsed.ToString().TrimEnd();
    }

    private static void Add(ref List<InjectionSignal>? signals, bool matched, string pattern, bool strong)
    {
        if (matched)
        {
            (signals ??= []).Add(new InjectionSignal(pattern, strong));
        }
    }

    // "ignore my previous email" is a customer; "ignore all instructions" and "ignore previous rules" address a model.
    [GeneratedRegex(@"\b(?:ignore|disregard|forget|override|bypass)\b(?: (?:all|any|the|your|of|these|those))* (?:(?:previous|prior|above|earlier|preceding|former|original|initial|existing|system|developer|safety|operator)(?: \w+)? (?:instructions?|rules|guidelines|directions|directives|guardrails|prompts?|polic(?:y|ies)|programming)|(?:instructions|guardrails|prompts|programming))\b|\b(?:ignore|disregard|forget) (?:all|any|every) (?:\w+ )?(?:instructions?|rules|guidelines)\b", RegexOptions.CultureInvariant)]
    private static partial Regex IgnoreInstructions();

    [GeneratedRegex(@"\byou are now (?:an? |the |my )?(?:\w+ )?(?:assistant|ai|agent|bot|chatbot|model|llm|dan|admin|administrator|developer|system|unrestricted|jailbroken|unfiltered)\b|\bfrom now on,? you (?:are|will|must|shall|should)\b|\bnew (?:system )?(?:instructions?|rules|task) ?:|\bpretend (?:to be|you are|that you are)\b|\bact as (?:if you (?:are|were) )?(?:an? |the )?(?:unrestricted|unfiltered|jailbroken|dan|developer|admin|administrator|system|root)\b|\b(?:developer|god|dan|jailbreak|sudo) mode\b|\byour (?:new|real|true) (?:role|task|instructions?|goal|purpose) (?:is|are)\b", RegexOptions.CultureInvariant)]
    private static partial Regex RoleOverride();

    [GeneratedRegex(@"\b(?:reveal|print|show|repeat|output|display|leak|dump|tell me|what (?:is|are|was|were))\b(?: \w+){0,3} (?:system|hidden|initial|original|developer|secret) (?:prompt|instructions?|message)s?\b", RegexOptions.CultureInvariant)]
    private static partial Regex SystemPromptRequest();

    [GeneratedRegex(@"<\|(?:im_start|im_end|system|endoftext|user|assistant)\|>|\[/?inst\]|<</?sys>>|</?system>|#{2,3} ?(?:system|instruction)s? ?:?", RegexOptions.CultureInvariant)]
    private static partial Regex ChatTemplate();

    [GeneratedRegex(@"!\[[^\]]{0,200}\]\(https?://[^)\s]{1,300}[?&][^)\s]{0,500}\)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkdownImageExfiltration();

    [GeneratedRegex(@"\b(?:send|forward|email|e-mail|post|upload|transmit|exfiltrate|leak|copy)\b[^.!?]{0,60}\b(?:conversation|chat history|chat log|transcript|credentials|passwords|api keys?|secret keys?|secrets|access tokens?|session tokens?|system prompt|customer (?:data|records|list|database|details)|all (?:customers|tickets|orders|emails|users))\b[^.!?]{0,60}\bto (?:[a-z0-9._%+-]+@|https?://|the (?:following|address|url|email) |this (?:address|url|email))", RegexOptions.CultureInvariant)]
    private static partial Regex Exfiltration();

    [GeneratedRegex(@"<!--|display ?: ?none|visibility ?: ?hidden|font-size ?: ?0(?:px|pt|em)?\b|(?:^|[;"" ])color ?: ?(?:white|#fff(?:fff)?)\b", RegexOptions.CultureInvariant)]
    private static partial Regex HiddenMarkup();

    [GeneratedRegex(@"\b(?:note|message|instructions?|attention) (?:to|for) (?:the |all |any )?(?:ai|assistant|agent|model|llm|chatbot|bot)s?\b|\b(?:ai|llm) (?:agents?|assistants?|models?),? (?:must|should|shall|need to)\b|\bif you are an? (?:ai|llm|language model|assistant|agent)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AddressedToModel();

    [GeneratedRegex(@"\b(?:you must|you should|you need to|you have to|immediately|right now)(?: \w+){0,2} (?:call|invoke|use|issue|send|refund|transfer|wire|delete|close|approve|grant|run|execute)\b", RegexOptions.CultureInvariant)]
    private static partial Regex UrgentAction();

    [GeneratedRegex(@"[a-z0-9+/]{120,}={0,2}", RegexOptions.CultureInvariant)]
    private static partial Regex EncodedPayload();

    [GeneratedRegex(@"<[^<>]{0,200}>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
