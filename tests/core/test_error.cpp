// Tests core/common/error.cpp: kinds, names and the offset formatter used by file readers.
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
};

QTEST_APPLESS_MAIN(TestError)
#include "test_error.moc"
