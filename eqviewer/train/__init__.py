"""eqviewer.train: fine-tuning the seed networks on reviewed labels, and judging the result.

``finetune(paths, base, task, out, settings)`` (:mod:`eqviewer.train.finetune`) is `eqviewer train`;
``evaluate(sources, model)`` (:mod:`eqviewer.train.evaluate`) is `eqviewer evaluate`,
``calibrate(paths, model)`` (:mod:`eqviewer.train.calibrate`, fitting in :mod:`eqviewer.train.thresholds`) is
`eqviewer calibrate`, and :mod:`eqviewer.train.report` draws the HTML report. Nothing here imports Qt.
"""
