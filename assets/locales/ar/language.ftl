## Compiled into the app, in all three languages: each language's name for the switch, and what
## to say when the chosen language's messages cannot be loaded (they are a file of the build).

language-name = العربية
app-messages-unavailable = تعذّر تحميل نصوص التطبيق. تحقّق من الاتصال ثم أعد تحميل الصفحة.
