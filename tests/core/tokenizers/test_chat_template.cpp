// Tests core/tokenizers/chat_template.cpp: SmolLM2-Instruct's template (from the golden fixture
// and from the GGUF when present) gives exactly transformers' apply_chat_template text; plain
// ChatML is recognised; other templates are refused with a ConfigError.
#include "core/common/error.h"
#include "core/io/gguf_file.h"
#include "core/tokenizers/chat_template.h"
#include "tokenizer_golden.h"

#include <QtTest/QtTest>

using namespace persona::tokenizers;

namespace {

std::vector<ChatMessage> messages(const nlohmann::json& list)
{
    std::vector<ChatMessage> out;
    for (const auto& m : list)
        out.push_back({m["role"].get<std::string>(), m["content"].get<std::string>()});
    return out;
}

void checkCases(const ChatTemplate& tmpl, const nlohmann::json& fixture)
{
    QCOMPARE(fixture["cases"].size(), std::size_t(6));
    for (const auto& c : fixture["cases"]) {
        const std::string actual = tmpl.apply(messages(c["messages"]), c["add_generation_prompt"].get<bool>());
        QCOMPARE(QString::fromStdString(actual), QString::fromStdString(c["text"].get<std::string>()));
    }
}

} // namespace

class TestChatTemplate : public QObject {
    Q_OBJECT

private slots:
    void fromFixtureSource()
    {
        const auto fixture = golden::load("chat_template_golden.json");
        const ChatTemplate tmpl = ChatTemplate::fromSource(fixture["template"].get<std::string>(), "fixture");
        QCOMPARE(QString::fromStdString(tmpl.defaultSystemMessage()),
                 QString("You are a helpful AI assistant named SmolLM, trained by Hugging Face"));
        checkCases(tmpl, fixture);
        checkCases(ChatTemplate::smolLm2(), fixture);
    }

    void fromGguf()
    {
        const QString path = PERSONA_MODELS_DIR "/smollm2-135m-instruct/SmolLM2-135M-Instruct.Q4_1.gguf";
        if (!QFile::exists(path))
            QSKIP(qPrintable("default model absent (run scripts/fetch_models.py): " + path));
        const auto file = persona::io::GgufFile::open(path.toStdString());
        checkCases(ChatTemplate::fromGguf(*file), golden::load("chat_template_golden.json"));
    }

    void plainChatMl()
    {
        const std::string source =
            "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + "
            "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
        const ChatTemplate tmpl = ChatTemplate::fromSource(source, "chatml");
        QVERIFY(tmpl.defaultSystemMessage().empty());
        QCOMPARE(tmpl.apply({{"user", "Hi"}}, true), std::string("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"));
        QCOMPARE(tmpl.apply({{"user", "Hi"}}, false), std::string("<|im_start|>user\nHi<|im_end|>\n"));
        QCOMPARE(ChatTemplate::smolLm2().apply({}, true), std::string("<|im_start|>assistant\n"));
    }

    void unknownTemplates()
    {
        const char* llama2 = "{% for message in messages %}{{ '[INST] ' + message['content'] + ' [/INST]' }}{% endfor %}";
        QVERIFY_THROWS_EXCEPTION(persona::ConfigError, ChatTemplate::fromSource(llama2, "llama2"));
        // ChatML with an extra piece that would change the output is refused too.
        const std::string extra =
            "{{ bos_token }}{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + "
            "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
        try {
            ChatTemplate::fromSource(extra, "extra.jinja");
            QFAIL("no error");
        } catch (const persona::ConfigError& e) {
            QVERIFY2(QString(e.what()).contains("extra.jinja"), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestChatTemplate)
#include "test_chat_template.moc"
