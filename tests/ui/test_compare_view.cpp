// Tests ui/views/compare_view.cpp and compare_column.cpp: for a hand-made user the Counting
// column shows the most and least frequent genres of the sample, marked right or wrong against
// the truth (from the ratings), with the per-user weighted F1; the Truth column shows the labels.
#include "ui/views/compare_column.h"
#include "ui/views/compare_view.h"
#include "ui/workers/loaded_dataset.h"
#include "ui_test_data.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <numeric>

using persona::ui::CompareView;

class TestCompareView : public QObject {
    Q_OBJECT
private slots:
    void countingAndTruthColumns()
    {
        // Action x4 rated 5 (liked), Comedy x3 rated 1 (disliked), Drama x2, Horror x1, Romance x1.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const char* genres[] = {"Action", "Action", "Action", "Action", "Comedy", "Comedy", "Comedy",
                                "Drama", "Drama", "Horror", "Romance"};
        const int ratings[] = {5, 5, 5, 5, 1, 1, 1, 3, 3, 3, 3};
        QByteArray item = "item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq\n";
        QByteArray inter = "user_id:token\titem_id:token\trating:float\ttimestamp:float\n";
        for (int i = 0; i < 11; ++i) {
            item += QByteArray::number(i + 1) + "\tMovie " + QByteArray::number(i + 1) + "\t1990\t" + genres[i] + '\n';
            inter += "1\t" + QByteArray::number(i + 1) + '\t' + QByteArray::number(ratings[i]) + '\t'
                     + QByteArray::number(100 + i) + '\n';
        }
        QVERIFY(uitest::writeText(dir.filePath("hand.item"), item));
        QVERIFY(uitest::writeText(dir.filePath("hand.inter"), inter));
        persona::data::LoadOptions options;
        options.minItemRatings = 1;
        const persona::ui::DatasetPtr dataset = persona::ui::loadPreparedDataset(dir.path(), options);

        CompareView view;
        view.show();
        std::vector<std::size_t> all(11);
        std::iota(all.begin(), all.end(), std::size_t(0));
        view.setContext(dataset, 0, all, persona::data::SamplingStrategy::Recency);

        auto* counting = view.column(CompareView::Counting);
        QVERIFY(counting->hasResult());
        QCOMPARE(counting->outputText(), QString("Liked Genres: Action, Comedy, Drama. Not Liked Genres: Horror, Romance"));
        const QString marks = counting->genresHtml();
        QVERIFY2(marks.contains("✓ Action"), qPrintable(marks));
        for (const char* wrong : {"✗ Comedy", "✗ Drama", "✗ Horror", "✗ Romance"})
            QVERIFY2(marks.contains(QString::fromUtf8(wrong)), qPrintable(marks));
        // liked:Action right, disliked:Comedy missed; both classes have support 1.
        QVERIFY2(counting->metricsText().contains("F1: 0.500"), qPrintable(counting->metricsText()));
        QVERIFY(counting->metricsText().contains(" ms"));

        // With no store (no trained run to choose), a model column says how to make one.
        QVERIFY2(view.column(CompareView::Persoma)->placeholderText().contains("persona train --preset teaching"),
                 qPrintable(view.column(CompareView::Persoma)->placeholderText()));
        QVERIFY(view.column(CompareView::Milp)->placeholderText().startsWith("No MiLP run to compare yet"));
        // Text prompting always has zero-shot to run.
        QCOMPARE(view.column(CompareView::TextPrompting)->placeholderText(), QString("Choose a run above and press Run All."));

        auto* truth = view.column(CompareView::Truth);
        QCOMPARE(truth->outputText(), QString("Liked Genres: Action. Not Liked Genres: Comedy"));
        QVERIFY(!truth->genresHtml().contains("✗"));

        // Only the Drama and Horror items sampled: Counting changes with the sample.
        view.setContext(dataset, 0, {7, 8, 9}, persona::data::SamplingStrategy::Random);
        QCOMPARE(counting->outputText(), QString("Liked Genres: Drama, Horror. Not Liked Genres: None"));
        QVERIFY(counting->metricsText().contains("F1: 0.000"));

        // The model columns wait for the trainer and say so; no user clears everything.
        QVERIFY(!view.column(CompareView::Persoma)->hasResult());
        view.setContext(dataset, -1, {}, persona::data::SamplingStrategy::Recency);
        QVERIFY(!counting->hasResult());
        QVERIFY(!truth->hasResult());
    }
};

QTEST_MAIN(TestCompareView)
#include "test_compare_view.moc"
