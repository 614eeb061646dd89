"""The chat front-ends (Telegram, Discord, a local web chat) over one command layer.

Read in this order: settings.py, commands.py (what users can ask), store.py (what is kept),
then one front-end (webchat/, telegram_bot.py, discord_bot.py). Nothing here imports torch:
painting happens behind the job queue (engine.queue).
"""
