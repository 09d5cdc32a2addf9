"""Model code of the assistant: encoders, conversation state, the generative retriever, reranking and the index.

Free of Django: the apps and commands call into it; it can be trained, evaluated and tested alone.
"""
