## فضاء الأعوان (صفحات يعرضها الخادم): الدخول، التفعيل، الخروج، الصفحة الرئيسية.

desk-app-title = الشباك · فضاء الأعوان
desk-skip-to-content = الانتقال إلى المحتوى
desk-language-switch-label = اللغة
# كل لغة مكتوبة بلغتها: الأسطر الثلاثة نفسها في كل ملف.
desk-language-ar = العربية
desk-language-fr = Français
desk-language-en = English

desk-login-title = تسجيل الدخول
desk-login-intro = مخصص لأعوان وكالة التشغيل.
desk-login-login-label = اسم المستخدم
desk-login-password-label = كلمة المرور
desk-login-submit = الدخول
desk-login-failed = اسم المستخدم أو كلمة المرور غير صحيحة. بعد عدة محاولات فاشلة، انتظر قليلًا قبل المحاولة من جديد؛ وبعد 10 محاولات يُقفل الحساب لمدة 15 دقيقة.
desk-throttled = محاولات كثيرة من هذه الشبكة. أعد المحاولة بعد { $seconds } ثانية.
desk-form-expired = انتهت صلاحية هذا النموذج وقد تم تجديده: يرجى المحاولة من جديد.

desk-activate-title = اختر كلمة المرور
desk-activate-intro = مرحبًا { $name }. اختر كلمة المرور التي ستدخل بها باسم المستخدم { $login }.
desk-activate-password-label = كلمة المرور الجديدة
desk-activate-password-hint = 12 حرفًا على الأقل. عدة كلمات لا علاقة بينها تصنع كلمة مرور جيدة؛ تجنّب الأسماء والتواريخ وتتابع المفاتيح وكلمات المرور الشائعة.
desk-activate-confirm-label = كلمة المرور نفسها مرة أخرى
desk-activate-submit = حفظ كلمة المرور
desk-activate-mismatch = كلمتا المرور مختلفتان.
desk-activate-invalid-title = هذا الرابط لا يعمل
desk-activate-invalid-body = رابط التفعيل هذا غير معروف أو مستعمل أو منتهي الصلاحية (يعمل الرابط مرة واحدة خلال 24 ساعة). اطلب رابطًا جديدًا من مسؤولك.
desk-activate-done-title = تم حفظ كلمة المرور
desk-activate-done-body = حسابك مفعّل. يمكنك الآن تسجيل الدخول.
desk-go-to-login = الذهاب إلى صفحة الدخول

desk-password-too-short = كلمة المرور هذه قصيرة جدًا: 12 حرفًا على الأقل.
desk-password-too-long = كلمة المرور هذه طويلة جدًا: 256 حرفًا على الأكثر.
desk-password-common = كلمة المرور هذه من أكثر كلمات المرور استعمالًا: اختر غيرها.
desk-password-pattern = كلمة المرور هذه تتبع نمطًا سهل التخمين (تتابع مفاتيح أو تكرار أو تسلسل).
desk-password-personal = كلمة المرور هذه اسم أو كلمة أو تاريخ أو سنة وحدها، أو اسم المستخدم أو اسمك: من السهل تخمينها.
desk-password-guessable = كلمة المرور هذه سهلة التخمين: أضف بعض الكلمات التي لا علاقة بينها.

desk-logout-submit = تسجيل الخروج
desk-logged-out-title = تم تسجيل الخروج
desk-logged-out-body = لقد سجّلت الخروج. إذا كان الحاسوب مشتركًا، أغلق نافذة المتصفح.

desk-home-title = فضاء الأعوان
desk-home-welcome = مرحبًا { $name }
desk-home-role = الدور
desk-home-agency = الوكالة
desk-role-counsellor = مستشار
desk-role-manager = مسؤول
desk-role-admin = مدير النظام

desk-forbidden-title = تم رفض الطلب
desk-forbidden-body = انتهت صلاحية هذا النموذج أو أُرسل من موقع آخر. ارجع، وأعد تحميل الصفحة، ثم حاول من جديد.
desk-unavailable-title = الخدمة غير متاحة
desk-unavailable-body = لا تستطيع الخدمة الإجابة الآن. أعد المحاولة بعد قليل.
