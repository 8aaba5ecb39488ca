"""eqviewer.detect"""
