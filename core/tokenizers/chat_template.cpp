#include "core/tokenizers/chat_template.h"

#include "core/common/error.h"
#include "core/io/gguf_file.h"

namespace persona::tokenizers {

namespace {

constexpr const char* kSmolLm2System = "You are a helpful AI assistant named SmolLM, trained by Hugging Face";

std::string replaceAll(std::string text, const std::string& from, const std::string& to)
{
    for (std::size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
        text.replace(pos, from.size(), to);
    return text;
}

// The template with Jinja's "\n" escapes turned into newlines and the spaces inside {{ }} and
// {% %} tags dropped, so equivalent spellings compare equal.
std::string canonical(const std::string& source)
{
    std::string text = replaceAll(source, "\\n", "\n");
    std::string out;
    bool inTag = false;
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (!inTag && (text.compare(i, 2, "{{") == 0 || text.compare(i, 2, "{%") == 0)) {
            inTag = true;
            out += text.substr(i, 2);
            ++i;
            continue;
        }
        if (inTag && !quote && (text.compare(i, 2, "}}") == 0 || text.compare(i, 2, "%}") == 0)) {
            inTag = false;
            out += text.substr(i, 2);
            ++i;
            continue;
        }
        if (inTag) {
            if (quote && c == quote)
                quote = 0;
            else if (!quote && (c == '\'' || c == '"'))
                quote = c;
            if (!quote && (c == ' ' || c == '-')) // spaces and trim markers
                continue;
        }
        out += c;
    }
    return replaceAll(out, "\"", "'");
}

} // namespace

ChatTemplate ChatTemplate::smolLm2()
{
    ChatTemplate t;
    t.m_defaultSystem = kSmolLm2System;
    return t;
}

ChatTemplate ChatTemplate::chatMl()
{
    return ChatTemplate();
}

ChatTemplate ChatTemplate::fromSource(const std::string& source, const std::string& origin)
{
    const std::string text = canonical(source);
    const bool loop = text.find("{%formessageinmessages%}") != std::string::npos;
    const bool body = text.find("{{'<|im_start|>'+message['role']+'\n'+message['content']+'<|im_end|>'+'\n'}}") !=
                      std::string::npos;
    const bool generation = text.find("{%ifadd_generation_prompt%}{{'<|im_start|>assistant\n'}}{%endif%}") !=
                            std::string::npos;
    // Anything else that writes text would make our output differ: only these pieces are allowed.
    if (!loop || !body || !generation)
        throw ConfigError(origin + ": the chat template is not a ChatML template this program knows "
                                   "(only ChatML, e.g. SmolLM2-Instruct's, is supported)");
    ChatTemplate result;
    const std::string head = "{%ifloop.firstandmessages[0]['role']!='system'%}{{'<|im_start|>system\n";
    std::size_t at = text.find(head);
    std::string rest = text;
    if (at != std::string::npos) {
        std::size_t begin = at + head.size();
        const std::string tail = "<|im_end|>\n'}}{%endif%}";
        std::size_t end = text.find(tail, begin);
        if (end == std::string::npos)
            throw ConfigError(origin + ": cannot read the chat template's default system message");
        result.m_defaultSystem = text.substr(begin, end - begin);
        rest = text.substr(0, at) + text.substr(end + tail.size());
    }
    const std::string expected = "{%formessageinmessages%}{{'<|im_start|>'+message['role']+'\n'+message['content']+"
                                 "'<|im_end|>'+'\n'}}{%endfor%}{%ifadd_generation_prompt%}{{'<|im_start|>"
                                 "assistant\n'}}{%endif%}";
    while (!rest.empty() && (rest.back() == '\n' || rest.back() == ' '))
        rest.pop_back();
    if (rest != expected)
        throw ConfigError(origin + ": the chat template is not a ChatML template this program knows "
                                   "(only ChatML, e.g. SmolLM2-Instruct's, is supported)");
    return result;
}

ChatTemplate ChatTemplate::fromGguf(const io::GgufFile& file)
{
    auto source = file.getString("tokenizer.chat_template");
    if (!source)
        throw ConfigError(file.path() + ": no tokenizer.chat_template");
    return fromSource(*source, file.path() + " tokenizer.chat_template");
}

std::string ChatTemplate::apply(const std::vector<ChatMessage>& messages, bool addGenerationPrompt) const
{
    std::string out;
    if (!m_defaultSystem.empty() && !messages.empty() && messages.front().role != "system")
        out += "<|im_start|>system\n" + m_defaultSystem + "<|im_end|>\n";
    for (const ChatMessage& message : messages)
        out += "<|im_start|>" + message.role + "\n" + message.content + "<|im_end|>\n";
    if (addGenerationPrompt)
        out += "<|im_start|>assistant\n";
    return out;
}

} // namespace persona::tokenizers
