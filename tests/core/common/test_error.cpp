// Tests core/common/error.cpp: kinds, names and the offset formatter used by file readers.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
// GCC 12 reports std::string's operator+(const char*, std::string&&) as an overlapping memcpy
// (-Wrestrict, GCC bug 105651, fixed in GCC 13).
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "core/common/error.h"

#include <QtTest/QtTest>

class TestError : public QObject {
    Q_OBJECT
private slots:
    void kindsAreKept()
    {
        try {
            throw persona::FormatError("f.gguf: bad magic");
        } catch (const persona::Error& e) {
            QCOMPARE(e.kind(), persona::ErrorKind::Format);
            QCOMPARE(QString(e.what()), QString("f.gguf: bad magic"));
            QCOMPARE(QString(persona::errorKindName(e.kind())), QString("format"));
        }
    }
    void offsetMessageNamesFileAndOffset()
    {
        QCOMPARE(QString::fromStdString(persona::atOffset("m.gguf", 24, "tensor count too large")),
                 QString("m.gguf: tensor count too large (at byte offset 24)"));
    }
    // Values from a user's file reach messages: a NUL no longer cuts the message short, control
    // bytes are shown as \xNN (newlines and tabs kept), and a 100 KB value is shortened.
    void messagesArePrintable()
    {
        const std::string withNul = std::string("unknown preset 'a") + '\0' + "b\x1b[31m'\tnext\nline";
        const persona::ConfigError e(withNul);
        QCOMPARE(QString::fromUtf8(e.what()), QString("unknown preset 'a\\x00b\\x1b[31m'\tnext\nline"));
        const std::string huge = "user '" + std::string(100000, 'x') + "'";
        const std::string shown = persona::printableMessage(huge);
        QVERIFY(shown.size() < 4200);
        QVERIFY(shown.find("(" + std::to_string(huge.size() - 4096) + " more bytes left out)") != std::string::npos);
        // A cut never splits a UTF-8 character.
        const std::string accents = std::string(4095, 'a') + "\xc3\xa9\xc3\xa9";
        const std::string cut = persona::printableMessage(accents);
        QVERIFY(QString::fromUtf8(cut.data(), static_cast<int>(cut.size())).toUtf8() == QByteArray::fromStdString(cut));
        QVERIFY(cut.rfind(std::string(4095, 'a') + "... (", 0) == 0);
        QCOMPARE(persona::printableMessage("caf\xc3\xa9 \xe2\x80\x94 ok"), std::string("caf\xc3\xa9 \xe2\x80\x94 ok"));
    }
};

QTEST_APPLESS_MAIN(TestError)
#include "test_error.moc"
