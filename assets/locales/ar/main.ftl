## إطار التطبيق: الترويسة، اختيار اللغة، حالة الاتصال، الصفحة الرئيسية، التذييل.

app-title = الشباك · وكالة التشغيل
agency-name = وكالة التشغيل
agency-tagline = ابحث عن عمل، سجّل، واحصل على المرافقة
skip-to-content = الانتقال إلى المحتوى
nav-home = الرئيسية
nav-main-label = التصفح الرئيسي
language-switch-label = اللغة
# يظهر على الزر الذي ينتقل إلى هذه اللغة، بهذه اللغة.

connectivity-checking = جارٍ التحقق من الاتصال…
connectivity-online = متصل
connectivity-offline = غير متصل
connectivity-offline-since = غير متصل · آخر اتصال { $minutes ->
        [0] منذ أقل من دقيقة
        [one] منذ دقيقة واحدة
        [two] منذ دقيقتين
        [few] منذ { $minutes } دقائق
        [many] منذ { $minutes } دقيقة
       *[other] منذ { $minutes } دقيقة
    }

home-title = مرحبًا بكم
home-intro = ماذا تريد أن تفعل؟
home-offers = عروض العمل
home-offers-hint = تصفّح العروض المتاحة في منطقتك
home-register = التسجيل
home-register-hint = سجّل كطالب عمل قبل مقابلة المستشار

not-found-title = الصفحة غير موجودة
not-found-body = هذه الصفحة غير موجودة.
back-home = العودة إلى الصفحة الرئيسية
elsewhere-offline-title = هذه الشاشة ليست على هذا الجهاز بعد
elsewhere-offline-body = ستُفتح فور عودة الاتصال. ما أدخلته يبقى محفوظًا على هذا الجهاز.

footer-help = هل تحتاج إلى مساعدة؟ توجّه إلى الشباك.
footer-version = الإصدار { $build }
footer-version-dev = إصدار التطوير

# تاريخ بالحروف (« 14 ديسمبر 2026 »): $day و$year بالأرقام، و$month من 1 إلى 12.
date-long = { $day } { $month ->
         [1] جانفي
         [2] فيفري
         [3] مارس
         [4] أفريل
         [5] ماي
         [6] جوان
         [7] جويلية
         [8] أوت
         [9] سبتمبر
         [10] أكتوبر
         [11] نوفمبر
        *[12] ديسمبر
    } { $year }
